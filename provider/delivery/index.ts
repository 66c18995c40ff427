// One delivery attempt: the Test invocation and every runtime attempt.
export { prepareWebhook, type PreparedWebhook } from "./prepareWebhook";
export { deliverOnce, type AttemptContext, type DeliveryDeps, type InvocationRecord } from "./deliverOnce";
export { signPayload } from "./standardWebhooks";
export { RECORD_BODY_BYTES } from "./invocationRecord";
export { describeInvocation, headline, requestLine } from "./describeInvocation";
