import { describe, expect, it } from "vitest";
import type { Destination } from "./bindings";
import { destinationKey, freshShare, pushKey } from "./share";

describe("a share's pushes and choice", () => {
  it("tells a component's push from a plugin's with the same id", () => {
    expect(pushKey({ plugin: false, id: 5 })).not.toBe(pushKey({ plugin: true, id: 5 }));
    expect(pushKey({ plugin: true, id: 5 })).toBe(pushKey({ plugin: true, id: 5 }));
  });

  it("starts from the app as it runs, every plugin, nothing agreed to", () => {
    expect(freshShare()).toEqual({ snapshot: null, plugins: null, acceptedOmissions: [], randomPerInstall: [] });
  });
});

describe("where a version publishes", () => {
  it("names destinations as rbpub's --to does", () => {
    const d = (x: unknown) => x as Destination;
    expect([d({ kind: "store", name: "" }), d({ kind: "store", name: "Hub" }), d({ kind: "library", scope: "team" }), d({ kind: "library", scope: "enterprise" })].map(destinationKey)).toEqual([
      "store",
      "store:Hub",
      "team",
      "enterprise",
    ]);
  });
});
