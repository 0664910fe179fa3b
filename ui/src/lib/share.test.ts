import { describe, expect, it } from "vitest";
import type { ConnectionView, PlanFinding, PlanView, Version } from "./bindings";
import { chosenDestinations, destinationKey, ENTERPRISE, freshShare, planGate, pushKey, STORE, TEAM } from "./share";

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
  const version = (to: Version["destinations"]): Version =>
    ({ id: "v", version: "1.0.0", alias: "", releaseNotes: "", source: { kind: "notChosen" }, destinations: to }) as Version;
  const conn = (usable: boolean) =>
    ({ boundStore: usable ? { name: "S", url: "", domain: "", usable: true, accessActions: ["Write"] } : null }) as unknown as ConnectionView;

  it("names destinations as rbpub's --to does", () => {
    expect([STORE, { kind: "store", name: "Hub" }, TEAM, ENTERPRISE].map((d) => destinationKey(d as typeof STORE))).toEqual([
      "store",
      "store:Hub",
      "team",
      "enterprise",
    ]);
  });

  it("defaults to the store, or to the team's library where no store takes a publish", () => {
    expect(chosenDestinations(version([]), conn(true))).toEqual([STORE]);
    expect(chosenDestinations(version([]), conn(false))).toEqual([TEAM]);
    const both = version([
      { to: STORE, shareId: null, published: false, overwrite: false },
      { to: ENTERPRISE, shareId: 4, published: false, overwrite: false },
    ]);
    expect(chosenDestinations(both, conn(false))).toEqual([STORE, ENTERPRISE]);
  });
});

describe("what stands between a reviewed plan and its publish", () => {
  const finding = (level: "error" | "warning", item: string, message: string): PlanFinding => ({
    finding: { rule: "template.credentials", level, field: { field: "template", item }, message, fix: null },
    consoleUrl: null,
  });
  const plan = (findings: PlanFinding[], secondCopies = 0) =>
    ({ findings, upgrade: secondCopies ? { from: "1.0.0", secondCopies, lines: [] } : null }) as unknown as PlanView;

  it("counts errors, and warnings with the components an upgrade would copy", () => {
    const gate = planGate(plan([finding("warning", "a", "x"), finding("error", "b", "y")], 1));
    expect([gate.errors, gate.warnings]).toEqual([1, 2]);
    expect(planGate(plan([])).warnings).toBe(0);
  });

  it("agrees to the same warnings in another language, not to new ones", () => {
    const en = planGate(plan([finding("warning", "a", "ships a password")]));
    const zh = planGate(plan([finding("warning", "a", "像是凭据")]));
    expect(zh.signature).toBe(en.signature);
    expect(planGate(plan([finding("warning", "a", "x"), finding("warning", "b", "x")])).signature).not.toBe(en.signature);
    expect(planGate(plan([finding("warning", "a", "x")], 1)).signature).not.toBe(en.signature);
  });
});
