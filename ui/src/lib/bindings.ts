// Generated from the Rust types by crates/service/tests/bindings.rs. Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p rbpub-service --test bindings

export type Locale = "en" | "zh-CN";

export type PublishType = "private" | "public";

export type Step = "account" | "profile" | "connect" | "publishTemplate" | "appInfo" | "packages" | "list";

export type StepStatus = "notStarted" | "inProgress" | "done" | "needsAttention";

export type WaitingOn = "networkConnection" | "accountPhone" | "storeAccount" | "nickname" | "email" | "name" | "description" | "logo" | "version" | "templateSource" | "package" | "publishedTemplate";

export type StepState = { step: Step, status: StepStatus, waitingOn: Array<WaitingOn>, errors: number, warnings: number, };

export type ImageFormat = "png" | "jpeg" | "gif" | "webp" | "svg";

export type ImageInfo = { 
/**
 * SHA-256 of the file, in lowercase hex.
 */
hash: string, format: ImageFormat, width: number, height: number, bytes: number, 
/**
 * Whether the image has an alpha channel.
 */
alpha: boolean, };

export type ImageNote = { "kind": "firstFrameOnly" } | { "kind": "reduced16Bit" } | { "kind": "convertedFromCmyk" } | { "kind": "rotated" } | { "kind": "rasterised", width: number, height: number, } | { "kind": "extensionMismatch", extension: string, };

export type Inspection = { info: ImageInfo, 
/**
 * Such as "RGBA, 8 bits per channel".
 */
color: string, notes: Array<ImageNote>, };

export type Screenshot = { id: string, image: ImageInfo, caption: string, };

export type LogoFixes = { 
/**
 * Made square by padding (`pad`) or cropping (`crop`).
 */
square: SquareBy | null, 
/**
 * Scaled to the store's size.
 */
resized: boolean, 
/**
 * `#rrggbb` behind padding and transparency; transparent when absent.
 */
background: string | null, };

export type SquareBy = "pad" | "crop";

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
 * The logo that will be pushed, as the checks see it.
 */
logo: ImageInfo | null, 
/**
 * The file the maintainer gave, before any fix: shown beside the result and
 * kept so a fix can be undone.
 */
logoOriginal: ImageInfo | null, 
/**
 * The fixes that made `logo` from `logo_original`.
 */
logoFixes: LogoFixes, 
/**
 * Rule levels this listing changes (over the project's and the defaults).
 */
ruleLevels: RuleLevels, 
/**
 * Opened from a bundle for review: read-only, only notes can be written.
 */
forReview: boolean, 
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
alias: string, releaseNotes: string, source: TemplateSource, 
/**
 * The console's share record for this version, kept so a publish interrupted
 * by a crash or a network cut resumes it instead of starting another.
 */
shareId: number | null, };

export type VersionField = { "field": "version", "value": string } | { "field": "alias", "value": string } | { "field": "releaseNotes", "value": string } | { "field": "source", "value": TemplateSource };

export type Package = { id: string, name: string, 
/**
 * The version (of this listing) the package installs.
 */
version: string, description: string, };

export type PackageField = { "field": "name", "value": string } | { "field": "version", "value": string } | { "field": "description", "value": string };

export type ListingDraft = { listing: Listing, versions: Array<Version>, packages: Array<Package>, screenshots: Array<Screenshot>, 
/**
 * The app as the store last showed it; none before the first push.
 */
live: LiveListing | null, 
/**
 * The app template the latest version packages, when it was imported from
 * an exported RAM template: what the preview's component list shows.
 */
template: Template | null, 
/**
 * What reviewers wrote, per field.
 */
notes: Array<ReviewNote>, };

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

export type RuleId = "name.length" | "name.recommended" | "name.charset" | "desc.length" | "desc.recommended" | "intro.present" | "intro.headings" | "intro.safe" | "text.invisible" | "text.placeholder" | "logo.present" | "logo.format" | "logo.bytes" | "logo.square" | "logo.size" | "version.format" | "version.unique" | "version.alias" | "notes.length" | "package.matches" | "tags.count" | "template.nonempty" | "template.deps" | "url.reachable" | "account.url" | "profile.email" | "profile.phone";

export type Level = "error" | "warning" | "off";

export type RuleLevels = Partial<Record<RuleId, Level>>;

export type Field = "storeUrl" | "marketDomain" | "accountPhone" | "nickname" | "phone" | "email" | "bio" | "name" | "description" | "introduction" | "tags" | "publishType" | "logo" | "version" | "versionAlias" | "releaseNotes" | "packages" | "packageName" | "packageVersion" | "packageDescription" | "template";

export type FieldRef = { field: Field, item: string | null, };

export type Fix = "stripInvisible" | "padSquare" | "cropSquare" | "resizeLogo" | "convertLogo";

export type Finding = { rule: RuleId, level: Level, field: FieldRef, 
/**
 * Names the field and the fix, in the requested locale.
 */
message: string, fix: Fix | null, };

export type ReviewNote = { field: FieldRef, text: string, 
/**
 * Who wrote it, as they signed it; may be empty.
 */
author: string, 
/**
 * Milliseconds since the Unix epoch.
 */
updatedAt: number, };

export type Template = { 
/**
 * `group_key`: the template's id in Rainbond.
 */
key: string, 
/**
 * `group_name`.
 */
name: string, 
/**
 * `group_version`: the version the export was made from.
 */
version: string, 
/**
 * `template_version`: `v2`, or `v3` when a component is a VM.
 */
format: string, components: Array<Component>, 
/**
 * The kinds and names of the template's Kubernetes resources (`k8s_resources`).
 */
k8sResources: Array<string>, plugins: Array<string>, };

export type Component = { 
/**
 * `service_share_uuid`, what other components' dependencies point at.
 */
key: string, 
/**
 * `service_cname`: the name people see.
 */
name: string, image: string, version: string, 
/**
 * `extend_method`: `stateless_multiple`, `state_singleton`…
 */
deploy: string, memoryMb: number, ports: Array<Port>, 
/**
 * `service_env_map_list` and `service_connect_info_map_list` (the latter
 * marked `connection`: what dependants receive).
 */
env: Array<EnvVar>, volumes: Array<Volume>, 
/**
 * `dep_service_map_list[].dep_service_key`.
 */
dependsOn: Array<string>, };

export type Port = { port: number, protocol: string, alias: string, 
/**
 * Reachable by other components.
 */
inner: boolean, 
/**
 * Reachable from outside the app.
 */
outer: boolean, };

export type EnvVar = { name: string, value: string, 
/**
 * The label the template gives it.
 */
label: string, 
/**
 * The installer may change it.
 */
changeable: boolean, 
/**
 * A connection variable: given to the components that depend on this one.
 */
connection: boolean, };

export type Volume = { name: string, path: string, kind: string, 
/**
 * GiB; 0 when unset.
 */
capacity: number, };

export type ChangeKind = "added" | "changed" | "removed";

export type LineTag = "same" | "added" | "removed" | "gap";

export type DiffLine = { tag: LineTag, text: string, };

export type Change = { field: Field, 
/**
 * Which version or package, by its number or name.
 */
item: string | null, kind: ChangeKind, before: string, after: string, 
/**
 * For text over several lines: the changed lines with two lines of context.
 */
lines: Array<DiffLine>, 
/**
 * A push cannot send it: it is changed on the store's own page (tags of an
 * app that exists, which the store's update model leaves out).
 */
onStorePage: boolean, };

export type ListingDiff = { 
/**
 * The store has no app for this listing yet: everything is new.
 */
firstPush: boolean, changes: Array<Change>, };

export type Capability = "account" | "packages" | "shelf";

export type StoreInfo = { name: string, 
/**
 * `status == 1`: the store is usable.
 */
usable: boolean, 
/**
 * The key's permissions (`Write`, `ReadInstall`, `OnlyRead`).
 */
accessActions: Array<string>, capabilities: Array<Capability>, };

export type StoreProfile = { nickname: string, phone: string, email: string, bio: string, };

export type Team = { name: string, alias: string, regions: Array<string>, };

export type RunningApp = { id: number, name: string, };

export type BoundStore = { name: string, url: string, domain: string, usable: boolean, accessActions: Array<string>, };

export type PushStatus = "notStarted" | "pushing" | "succeeded" | "failed";

export type PushEvent = { id: number, component: string, plugin: boolean, status: PushStatus, 
/**
 * Why the push failed, in the console's own words (often Chinese); empty
 * when it did not, or when the console gave no reason.
 */
reason: string, 
/**
 * How long the push has been under way (or took), as this app saw it.
 */
elapsedMs: number | null, };

export type LiveApp = { id: string, name: string, description: string, introduction: string, 
/**
 * A URL served by the store.
 */
logoUrl: string, tags: Array<string>, publishType: string, listed: boolean, versions: Array<string>, detailUrl: string, };

export type LivePackage = { id: string, name: string, version: string, description: string, };

export type LiveListing = { app: LiveApp, packages: Array<LivePackage>, 
/**
 * The hash of the logo this app last pushed and the store took: what lets a
 * re-push know the logo is already there without downloading it.
 */
logoHash: string | null, };

export type OutboxAction = { "kind": "pushProfile" } | { "kind": "publishVersion", listingId: string, versionId: string, } | { "kind": "pushInformation", listingId: string, } | { "kind": "pushPackages", listingId: string, } | { "kind": "setListed", listingId: string, listed: boolean, };

export type OutboxItem = { id: number, action: OutboxAction, 
/**
 * The listing's name, for people.
 */
listingName: string | null, attempts: number, 
/**
 * Why the last try failed: the server's reason, or the network's.
 */
lastError: string, 
/**
 * The server refused it; it waits for the user to retry or discard it.
 */
failed: boolean, createdAt: number, };

export type Code = "notFound" | "databaseCorrupt" | "databaseTooNew" | "dataFolder" | "database" | "storeKeyRejected" | "noWritePermission" | "storeLoginFailed" | "consoleLoginFailed" | "consoleSignedOut" | "rejected" | "networkDown" | "serverError" | "malformedReply" | "keyringUnavailable" | "needsSetup" | "cancelled" | "badImage" | "badFile" | "readOnly" | "pushFailed" | "timedOut";

export type Need = "storeKey" | "consoleSignIn" | "teamRegion" | "storeBound" | "appName" | "runningApp" | "versionPublished" | "publishFirst" | "appInStore" | "logo" | "logoRules";

export type Params = { need?: Need, 
/**
 * A component of the app's template (a push that failed or hangs).
 */
component?: string, version?: string, package?: string, 
/**
 * The words of whatever refused (the OS, a server, a parser), shown as they
 * came: they name the file or the field and say why.
 */
detail?: string, };

export type Error = { code: Code, params: Params, message: string, };

export type ListingSummary = { id: string, name: string, description: string, updatedAt: number, versionCount: number, 
/**
 * Status of each of the seven steps, in order.
 */
steps: Array<StepStatus>, 
/**
 * The logo's hash, served by the window's image protocol from the store of
 * images (nothing is copied).
 */
logo: string | null, };

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

export type ConnectionView = { storeUrl: string, marketDomain: string, 
/**
 * A store access key is in the keyring.
 */
hasStoreKey: boolean, 
/**
 * What `/info` said of the key, the last time it was asked.
 */
store: StoreInfo | null, 
/**
 * The console signed in to, or the one suggested (`RBPUB_CONSOLE_URL`).
 */
consoleUrl: string, consoleUser: string, 
/**
 * A console sign-in token is in the keyring.
 */
consoleSignedIn: boolean, teams: Array<Team>, team: string, region: string, boundStore: BoundStore | null, 
/**
 * The last check: reachable, unreachable, or not checked yet.
 */
online: boolean | null, outbox: Array<OutboxItem>, 
/**
 * Why the keyring cannot be used, when it cannot.
 */
keyringProblem: string | null, 
/**
 * The store and console addresses that are plain `http://` to another
 * machine: keys and passwords would travel unencrypted.
 */
cleartext: Array<string>, };

export type SharePhase = "starting" | "submitting" | "pushing" | "completing" | "done" | "cancelled";

export type ShareProgress = { phase: SharePhase, shareId: number | null, 
/**
 * One entry per component (and plugin) image.
 */
pushes: Array<PushEvent>, 
/**
 * Components still pushing when no push has changed for [`Watch::stall_after`]:
 * the cluster may be stuck on them.
 */
stalled: Array<string>, };

export type ImageCheck = { file: string, inspection: Inspection, 
/**
 * What reading the file changed or left out, in the requested locale.
 */
notes: Array<string>, findings: Array<Finding>, };

export type ImageAdded = { view: ListingView, notes: Array<string>, 
/**
 * Files that were not added, each with the reason.
 */
refused: Array<FileOutcome>, };

export type FileOutcome = { file: string, result: FileResult, message: string, };

export type FileResult = "logo" | "screenshot" | "refused" | "skipped";

export type KitImport = { view: ListingView, files: Array<FileOutcome>, };

export type LogoFix = { fix: Fix | null, 
/**
 * `#rrggbb` for padding and flattening; transparent padding when absent.
 */
background: string | null, };

export type ExportAs = "folder" | "bundle";
