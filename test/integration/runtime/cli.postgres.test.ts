import { cliSuite } from "./cli.suite";

cliSuite("postgres");
