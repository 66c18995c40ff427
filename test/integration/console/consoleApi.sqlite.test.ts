import { consoleApiSuite } from "./consoleApi.suite";

consoleApiSuite("sqlite");
