import { secretsAtRestSuite } from "./secretsAtRest.suite";

secretsAtRestSuite("sqlite");
