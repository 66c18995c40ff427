import { fileSourceSuite } from "./fileSource.suite";

fileSourceSuite("sqlite");
