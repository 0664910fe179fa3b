// Generated from the Rust types by crates/service/tests/bindings.rs. Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p rbpub-service --test bindings

export type Locale = "en" | "zh-CN";

export type PublishType = "private" | "public";

export type Step = "account" | "profile" | "connect" | "publishTemplate" | "appInfo" | "packages" | "list";

export type StepStatus = "notStarted" | "inProgress" | "done" | "needsAttention";

export type WaitingOn = "networkConnection" | "accountPhone" | "storeAccount" | "nickname" | "email" | "name" | "description" | "logo" | "version" | "templateSource" | "package" | "publishedTemplate";

export type StepState = { step: Step, status: StepStatus, waitingOn: Array<WaitingOn>, errors: number, warnings: number, };

export type Listing = { id: string, 
/**
 * The app name (the store template's name).
 */
name: string, 
/**
 * The short description shown on the list tile.
 */
description: string, 
/**
 * The introduction, in Markdown, shown on the detail page.
 */
introduction: string, tags: Array<string>, publishType: PublishType, 
/**
 * The wizard step the maintainer last had open, so a listing reopens where it was left.
 */
currentStep: Step, 
/**
 * Milliseconds since the Unix epoch.
 */
createdAt: number, updatedAt: number, };

export type ListingField = { "field": "name", "value": string } | { "field": "description", "value": string } | { "field": "introduction", "value": string } | { "field": "tags", "value": Array<string> } | { "field": "publishType", "value": PublishType };

export type TemplateSource = { "kind": "notChosen" } | { "kind": "rainbondApp", team: string, region: string, app: string, } | { "kind": "ramFile", path: string, };

export type Version = { id: string, 
/**
 * `X.Y` or `X.Y.Z`.
 */
version: string, 
/**
 * A friendly name such as "stable".
 */
alias: string, releaseNotes: string, source: TemplateSource, };

export type VersionField = { "field": "version", "value": string } | { "field": "alias", "value": string } | { "field": "releaseNotes", "value": string } | { "field": "source", "value": TemplateSource };

export type Package = { id: string, name: string, 
/**
 * The version (of this listing) the package installs.
 */
version: string, description: string, };

export type PackageField = { "field": "name", "value": string } | { "field": "version", "value": string } | { "field": "description", "value": string };

export type ListingDraft = { listing: Listing, versions: Array<Version>, packages: Array<Package>, };

export type Publisher = { 
/**
 * Base URL of the store, e.g. `https://hub.grapps.cn`.
 */
storeUrl: string, 
/**
 * The store's `marketDomain` query parameter.
 */
marketDomain: string, 
/**
 * The phone number the store account signs in with.
 */
accountPhone: string, nickname: string, 
/**
 * Contact phone shown to the store (not public).
 */
phone: string, email: string, bio: string, };

export type PublisherField = { "field": "storeUrl", "value": string } | { "field": "marketDomain", "value": string } | { "field": "accountPhone", "value": string } | { "field": "nickname", "value": string } | { "field": "phone", "value": string } | { "field": "email", "value": string } | { "field": "bio", "value": string };

export type RuleId = "name.length" | "name.recommended" | "name.charset" | "desc.length" | "desc.recommended" | "intro.present" | "intro.headings" | "text.invisible" | "text.placeholder" | "version.format" | "version.unique" | "version.alias" | "notes.length" | "package.matches" | "tags.count" | "account.url" | "profile.email" | "profile.phone";

export type Level = "error" | "warning" | "off";

export type Field = "storeUrl" | "marketDomain" | "accountPhone" | "nickname" | "phone" | "email" | "bio" | "name" | "description" | "introduction" | "tags" | "version" | "versionAlias" | "releaseNotes" | "packages" | "packageName" | "packageVersion" | "packageDescription";

export type FieldRef = { field: Field, item: string | null, };

export type Fix = "stripInvisible";

export type Finding = { rule: RuleId, level: Level, field: FieldRef, 
/**
 * Names the field and the fix, in the requested locale.
 */
message: string, fix: Fix | null, };

export type Code = "notFound" | "databaseCorrupt" | "databaseTooNew" | "dataFolder" | "database" | "storeKeyRejected" | "noWritePermission" | "storeLoginFailed" | "consoleLoginFailed" | "consoleSignedOut" | "rejected" | "networkDown" | "serverError" | "malformedReply" | "keyringUnavailable" | "needsSetup" | "cancelled";

export type Error = { code: Code, message: string, };

export type ListingSummary = { id: string, name: string, description: string, updatedAt: number, versionCount: number, 
/**
 * Status of each of the seven steps, in order.
 */
steps: Array<StepStatus>, };

export type ListingView = { draft: ListingDraft, 
/**
 * Every finding of the listing, in a stable order.
 */
findings: Array<Finding>, 
/**
 * All seven steps, in order.
 */
steps: Array<StepState>, };

export type PublisherView = { publisher: Publisher, findings: Array<Finding>, 
/**
 * Steps 1–3.
 */
steps: Array<StepState>, };

export type Startup = { dataDir: string, database: string, 
/**
 * The copy taken before this start migrated an older database.
 */
backup: string | null, };
