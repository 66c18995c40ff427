// schema.json's native-plugin parts agree with the plugin: the resource and
// function tokens it dispatches, and the provider config (same keys and
// secrecy as the stack config the dynamic provider reads).
import { CONFIG_KEYS } from "../../../provider/resources";
import { FUNCTION_TOKENS, RESOURCE_TOKENS, configuredValues } from "../../../provider/native/webhooksProvider";
import schema from "../../../schema.json";

interface Prop {
  secret?: boolean;
}
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("schema.json and the native plugin", () => {
  it("names exactly the resources and functions the plugin serves", () => {
    expect(sorted(Object.keys(schema.resources))).toEqual(sorted(Object.keys(RESOURCE_TOKENS)));
    expect(sorted(Object.keys(schema.functions))).toEqual(sorted(Object.values(FUNCTION_TOKENS)));
  });

  it("gives the Provider resource the stack config's keys, runtimeToken secret in both", () => {
    const config = schema.config.variables as Record<string, Prop>;
    const provider = schema.provider.inputProperties as Record<string, Prop>;
    expect(sorted(Object.keys(provider))).toEqual(sorted(Object.keys(config)));
    expect(sorted(Object.values(CONFIG_KEYS))).toEqual(sorted(Object.keys(config).map((k) => `webhooks:${k}`)));
    for (const [key, p] of Object.entries(config)) expect({ key, secret: provider[key].secret === true }).toEqual({ key, secret: p.secret === true });
    expect(provider.runtimeToken.secret).toBe(true);
  });

  it("reads the config under both spellings engines use, an explicit provider's inputs first", () => {
    expect(configuredValues({ "webhooks:runtimeUrl": "http://a:1", "webhooks:config:runtimeToken": "t" }, undefined)).toEqual({ url: "http://a:1", token: "t" });
    expect(configuredValues({ "webhooks:runtimeUrl": "http://a:1" }, { runtimeUrl: "http://b:2" })).toEqual({ url: "http://b:2" });
  });
});
