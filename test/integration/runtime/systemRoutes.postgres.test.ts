import { systemRoutesSuite } from "./systemRoutes.suite";

systemRoutesSuite("postgres");
