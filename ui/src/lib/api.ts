// Typed calls to the Rust commands. Types come from bindings.ts (generated).
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  ConnectionView,
  Destination,
  Diagnostics,
  PublishTo,
  ImageAdded,
  KitImport,
  LogoFix,
  Error as ApiError,
  LiveApp,
  PullOutcome,
  PullProgress,
  RunningApp,
  ShareProgress,
  PlanView,
  RehearsalReport,
  RehearsalStep,
  SnapshotList,
  SnapshotOutcome,
  Field,
  ListingField,
  ListingSummary,
  LibraryMark,
  ListingApprovals,
  ListingView,
  Locale,
  PackageField,
  PublisherField,
  PublisherView,
  Startup,
  Step,
  VersionField,
  ExportAs,
  Level,
  ListingDiff,
  ReviewNote,
  RuleId,
  Params,
} from "./bindings";
import { errorText } from "./errors";
import { i18n } from "./i18n.svelte";

/**
 * An error from the app, as `{code, params, message}`; anything else becomes
 * `internal`. `message` is the English text, for logs; people get [`messageOf`].
 */
export class AppError extends Error {
  constructor(
    readonly code: ApiError["code"] | "internal",
    message: string,
    readonly params: Params = { detail: message },
  ) {
    super(message);
  }
}

/**
 * Why a push waits or was refused, as the outbox keeps it: the error as JSON
 * (said in the language shown now), or an older plain text as it is.
 */
export function keptReason(reason: string): string {
  try {
    const e = JSON.parse(reason) as { code?: string; params?: ApiError["params"] };
    if (e && typeof e.code === "string" && e.params) return messageOf(new AppError(e.code as ApiError["code"], "", e.params));
  } catch {
    // Not JSON: a reason kept before errors were.
  }
  return reason;
}

/** What to show for a failed call, in the chosen language. */
export const messageOf = (e: unknown): string =>
  e instanceof AppError ? errorText(e.code, e.params, i18n.locale) : e instanceof Error ? e.message : String(e);

async function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    if (e && typeof e === "object" && "code" in e && "message" in e) {
      const err = e as ApiError;
      throw new AppError(err.code, err.message, err.params);
    }
    throw new AppError("internal", String(e));
  }
}

export const api = {
  startup: () => call<Startup>("startup"),
  appReady: () => call<void>("app_ready"),
  openedFiles: () => call<string[]>("opened_files"),
  portfolio: (query: string) => call<ListingSummary[]>("portfolio", { query }),
  createListing: (name: string, locale: Locale) => call<ListingView>("create_listing", { name, locale }),
  duplicateListing: (id: string, locale: Locale) => call<ListingView>("duplicate_listing", { id, locale }),
  deleteListing: (id: string) => call<void>("delete_listing", { id }),
  openListing: (id: string, locale: Locale) => call<ListingView>("open_listing", { id, locale }),
  saveListingField: (id: string, field: ListingField, locale: Locale) =>
    call<ListingView>("save_listing_field", { id, field, locale }),
  setCurrentStep: (id: string, step: Step) => call<void>("set_current_step", { id, step }),
  addVersion: (listingId: string, locale: Locale) => call<ListingView>("add_version", { listingId, locale }),
  saveVersionField: (id: string, field: VersionField, locale: Locale) =>
    call<ListingView>("save_version_field", { id, field, locale }),
  deleteVersion: (id: string, locale: Locale) => call<ListingView>("delete_version", { id, locale }),
  addPackage: (listingId: string, locale: Locale) => call<ListingView>("add_package", { listingId, locale }),
  savePackageField: (id: string, field: PackageField, locale: Locale) =>
    call<ListingView>("save_package_field", { id, field, locale }),
  deletePackage: (id: string, locale: Locale) => call<ListingView>("delete_package", { id, locale }),
  publisher: (locale: Locale) => call<PublisherView>("publisher", { locale }),
  savePublisherField: (field: PublisherField, locale: Locale) =>
    call<PublisherView>("save_publisher_field", { field, locale }),
  stripInvisible: (text: string, field: Field) => call<string>("strip_invisible", { text, field }),

  connection: () => call<ConnectionView>("connection"),
  checkConnection: () => call<ConnectionView>("check_connection"),
  storeSignIn: (phone: string, password: string) => call<ConnectionView>("store_sign_in", { phone, password }),
  storeRegister: (phone: string, password: string, smsCode: string, nickname: string) =>
    call<ConnectionView>("store_register", { phone, password, smsCode, nickname }),
  storeUseKey: (key: string) => call<ConnectionView>("store_use_key", { key }),
  storeSignOut: () => call<ConnectionView>("store_sign_out"),
  pushProfile: () => call<ConnectionView>("push_profile"),
  consoleSignIn: (url: string, user: string, password: string) =>
    call<ConnectionView>("console_sign_in", { url, user, password }),
  consoleChoose: (team: string, region: string) => call<ConnectionView>("console_choose", { team, region }),
  consoleSignOut: () => call<ConnectionView>("console_sign_out"),
  bindStore: () => call<ConnectionView>("bind_store"),
  runningApps: () => call<RunningApp[]>("running_apps"),
  /** `retry`: the failed image pushes (event ids) to start again; only those are. */
  publishVersion: (listingId: string, versionId: string, request: PublishTo, locale: Locale, onProgress: (p: ShareProgress) => void) => {
    const channel = new Channel<ShareProgress>();
    channel.onmessage = onProgress;
    return call<ListingView>("publish_version", { listingId, versionId, request, locale, onProgress: channel });
  },
  restartPublish: (listingId: string, versionId: string, to: Destination, locale: Locale, onProgress: (p: ShareProgress) => void) => {
    const channel = new Channel<ShareProgress>();
    channel.onmessage = onProgress;
    return call<ListingView>("restart_publish", { listingId, versionId, to, locale, onProgress: channel });
  },
  sharePlan: (listingId: string, versionId: string, locale: Locale) => call<PlanView>("share_plan", { listingId, versionId, locale }),
  rehearsalLeftovers: () => call<string[]>("rehearsal_leftovers"),
  cleanRehearsals: () => call<string[]>("clean_rehearsals"),
  rehearse: (listingId: string, versionId: string, from: string | null, onProgress: (p: RehearsalStep) => void) => {
    const channel = new Channel<RehearsalStep>();
    channel.onmessage = onProgress;
    return call<RehearsalReport>("rehearse", { listingId, versionId, from, onProgress: channel });
  },
  snapshots: (listingId: string, versionId: string) => call<SnapshotList>("snapshots", { listingId, versionId }),
  createSnapshot: (listingId: string, versionId: string, locale: Locale) =>
    call<SnapshotOutcome>("create_snapshot", { listingId, versionId, locale }),
  cancelPublish: (versionId: string) => call<void>("cancel_publish", { versionId }),
  pushInformation: (listingId: string, locale: Locale) => call<ListingView>("push_information", { listingId, locale }),
  pushPackages: (listingId: string, locale: Locale) => call<ListingView>("push_packages", { listingId, locale }),
  setListed: (listingId: string, listed: boolean, locale: Locale) =>
    call<ListingView>("set_listed", { listingId, listed, locale }),
  storeApps: () => call<LiveApp[]>("store_apps"),
  pullFromStore: (appIds: string[], onProgress: (p: PullProgress) => void) => {
    const channel = new Channel<PullProgress>();
    channel.onmessage = onProgress;
    return call<PullOutcome[]>("pull_from_store", { appIds, onProgress: channel });
  },
  takeStoreValue: (listingId: string, field: Field, locale: Locale) =>
    call<ListingView>("take_store_value", { listingId, field, locale }),
  linkStoreApp: (listingId: string, appId: string, locale: Locale) =>
    call<ListingView>("link_store_app", { listingId, appId, locale }),
  confirmProfile: () => call<ConnectionView>("confirm_profile"),
  confirmPackages: (listingId: string, locale: Locale) => call<ListingView>("confirm_packages", { listingId, locale }),
  checkListed: (listingId: string, locale: Locale) => call<ListingView>("check_listed", { listingId, locale }),
  outboxRetry: (id: number) => call<ConnectionView>("outbox_retry", { id }),
  outboxDiscard: (id: number) => call<ConnectionView>("outbox_discard", { id }),

  setLogoFromFile: (listingId: string, path: string, locale: Locale) =>
    call<ImageAdded>("set_logo_from_file", { listingId, path, locale }),
  fixLogo: (listingId: string, fix: LogoFix, locale: Locale) => call<ListingView>("fix_logo", { listingId, fix, locale }),
  revertLogo: (listingId: string, locale: Locale) => call<ListingView>("revert_logo", { listingId, locale }),
  removeLogo: (listingId: string, locale: Locale) => call<ListingView>("remove_logo", { listingId, locale }),
  addScreenshots: (listingId: string, paths: string[], locale: Locale) =>
    call<ImageAdded>("add_screenshots", { listingId, paths, locale }),
  captionScreenshot: (id: string, caption: string, locale: Locale) =>
    call<ListingView>("caption_screenshot", { id, caption, locale }),
  moveScreenshot: (id: string, position: number, locale: Locale) =>
    call<ListingView>("move_screenshot", { id, position, locale }),
  deleteScreenshot: (id: string, locale: Locale) => call<ListingView>("delete_screenshot", { id, locale }),
  importBrandKit: (listingId: string, path: string, locale: Locale) =>
    call<KitImport>("import_brand_kit", { listingId, path, locale }),

  previewListing: (id: string, locale: Locale, dark: boolean) =>
    call<string>("preview_listing", { id, locale, dark, imageBase: imageUrl("") }),
  listingDiff: (id: string) => call<ListingDiff>("listing_diff", { id }),
  setNote: (id: string, note: ReviewNote, locale: Locale) => call<ListingView>("set_note", { id, note, locale }),
  setRuleLevel: (id: string, rule: RuleId, level: Level | null, locale: Locale) =>
    call<ListingView>("set_rule_level", { id, rule, level, locale }),
  exportListing: (id: string, path: string, kind: ExportAs, force = false) =>
    call<string>("export_listing", { id, path, kind, force }),
  importListing: (path: string, forReview: boolean, locale: Locale) =>
    call<ListingView>("import_listing", { path, forReview, locale }),
  importNotes: (id: string, path: string, locale: Locale) => call<ListingView>("import_notes", { id, path, locale }),
  diagnostics: () => call<Diagnostics>("diagnostics"),
  importTemplate: (id: string, path: string, locale: Locale) =>
    call<ListingView>("import_template", { id, path, locale }),
  listingApprovals: (id: string) => call<ListingApprovals>("listing_approvals", { id }),
  approveListing: (id: string, key: string, passphrase: string | null, signer: string | null) =>
    call<ListingApprovals>("approve_listing", { id, key, passphrase, signer }),
  releaseMarks: (id: string) => call<LibraryMark[]>("release_marks", { id }),
  setReleaseMarks: (id: string, release: boolean) => call<LibraryMark[]>("set_release_marks", { id, release }),
  rememberSigningKey: (id: string, key: string) => call<ListingApprovals>("remember_signing_key", { id, key }),
};

/** Files `import_listing` takes besides folders. */
export const LISTING_EXTENSIONS = ["rbpub", "gz", "tgz", "json"];

/** The address the window loads a stored image from (see src-tauri's `rbimage` protocol). */
export const imageUrl = (hash: string): string =>
  navigator.userAgent.includes("Windows") ? `http://rbimage.localhost/${hash}` : `rbimage://localhost/${hash}`;

/** Image files the app reads, for the file dialog's filter. */
export const IMAGE_EXTENSIONS = ["png", "jpg", "jpeg", "gif", "webp", "svg"];
