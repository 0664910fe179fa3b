import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { nav } from "../lib/nav.svelte";
import OnlineError from "./OnlineError.svelte";

afterEach(() => {
  nav.want = null;
  document.body.innerHTML = "";
});

describe("OnlineError", () => {
  it("asks for a new store key, not a console sign-in, when the store refused the key", async () => {
    render(OnlineError, { error: "the store refused the access key: 缺少云应用市场token", code: "storeKeyRejected" });
    expect(screen.getByRole("alert").textContent).toContain("缺少云应用市场token");
    expect(screen.queryByTestId("ask-console-sign-in")).toBeNull();
    await fireEvent.click(screen.getByTestId("ask-new-store-key"));
    expect(nav.want).toBe("account");
  });

  it("sends a lapsed console sign-in to step 3", async () => {
    render(OnlineError, { error: "the console sign-in has expired; sign in again", code: "consoleSignedOut" });
    expect(screen.queryByTestId("ask-new-store-key")).toBeNull();
    await fireEvent.click(screen.getByTestId("ask-console-sign-in"));
    expect(nav.want).toBe("connect");
  });

  it("shows nothing without an error, and no action for other failures", () => {
    const { container } = render(OnlineError, { error: "", code: "" });
    expect(container.textContent).toBe("");
    render(OnlineError, { error: "no connection", code: "networkDown" });
    expect(screen.getByRole("alert").querySelector("button")).toBeNull();
  });
});
