import { engineSuite } from "./engine.suite";

engineSuite("sqlite");
