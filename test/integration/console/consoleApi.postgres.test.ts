import { consoleApiSuite } from "./consoleApi.suite";

consoleApiSuite("postgres");
