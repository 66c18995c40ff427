import { faultsSuite } from "./faults.suite";
faultsSuite("postgres");
