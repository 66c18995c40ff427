import { cliSuite } from "./cli.suite";

cliSuite("sqlite");
