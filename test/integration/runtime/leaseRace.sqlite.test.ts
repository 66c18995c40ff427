import { leaseRaceSuite } from "./leaseRace.suite";

leaseRaceSuite("sqlite");
