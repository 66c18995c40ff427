import { leaseRaceSuite } from "./leaseRace.suite";

leaseRaceSuite("postgres");
