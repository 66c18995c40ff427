import { engineSuite } from "./engine.suite";

engineSuite("postgres");
