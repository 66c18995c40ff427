import { faultsSuite } from "./faults.suite";
faultsSuite("sqlite");
