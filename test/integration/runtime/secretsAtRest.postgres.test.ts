import { secretsAtRestSuite } from "./secretsAtRest.suite";

secretsAtRestSuite("postgres");
