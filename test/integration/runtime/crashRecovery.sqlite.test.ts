import { crashRecoverySuite } from "./crashRecovery.suite";

crashRecoverySuite("sqlite");
