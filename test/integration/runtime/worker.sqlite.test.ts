import { workerSuite } from "./worker.suite";

workerSuite("sqlite");
