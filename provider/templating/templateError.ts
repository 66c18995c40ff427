// Every template problem is reported on the `bodyTemplate` property, with the
// line and column in the template where one is known.
import { WebhookError, type TemplateCode } from "../errors";
import { formatPosition, type Position } from "./position";

export const TEMPLATE_PATH = "bodyTemplate";

export function templateError(code: TemplateCode, message: string, at?: Position, cause?: unknown): WebhookError {
  return new WebhookError({
    code,
    path: TEMPLATE_PATH,
    message: at === undefined ? message : `${formatPosition(at)}: ${message}`,
    cause,
  });
}
