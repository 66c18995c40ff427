import { webhooksCommandSuite } from "./webhooksCommand.suite";

webhooksCommandSuite("postgres");
