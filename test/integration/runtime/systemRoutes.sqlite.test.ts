import { systemRoutesSuite } from "./systemRoutes.suite";

systemRoutesSuite("sqlite");
