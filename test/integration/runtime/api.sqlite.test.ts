import { apiSuite } from "./api.suite";

apiSuite("sqlite");
