import { fileSourceSuite } from "./fileSource.suite";

fileSourceSuite("postgres");
