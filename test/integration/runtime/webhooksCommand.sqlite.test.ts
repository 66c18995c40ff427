import { webhooksCommandSuite } from "./webhooksCommand.suite";

webhooksCommandSuite("sqlite");
