import { crashRecoverySuite } from "./crashRecovery.suite";

crashRecoverySuite("postgres");
