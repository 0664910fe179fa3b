// Generated from the Rust types by crates/service/tests/bindings.rs. Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p rbpub-service --test bindings

export type Locale = "en" | "zh-CN";

export type PublishType = "private" | "public";

export type Step = "account" | "profile" | "connect" | "publishTemplate" | "appInfo" | "packages" | "list";

export type StepStatus = "notStarted" | "inProgress" | "done" | "needsAttention";

export type WaitingOn = "networkConnection" | "accountPhone" | "storeAccount" | "nickname" | "email" | "name" | "description" | "logo" | "version" | "templateSource" | "package" | "publishedTemplate";

export type StepState = { 
/**
 * The step.
 */
step: Step, 
/**
 * Where it stands.
 */
status: StepStatus, 
/**
 * What it still needs.
 */
waitingOn: Array<WaitingOn>, 
/**
 * Error-level findings in its fields.
 */
errors: number, 
/**
 * Warning-level findings in its fields.
 */
warnings: number, };

export type ImageFormat = "png" | "jpeg" | "gif" | "webp" | "svg";

export type ImageInfo = { 
/**
 * SHA-256 of the file, in lowercase hex.
 */
hash: string, 
/**
 * The file's format, by its content.
 */
format: ImageFormat, 
/**
 * Width in pixels.
 */
width: number, 
/**
 * Height in pixels.
 */
height: number, 
/**
 * The file's size.
 */
bytes: number, 
/**
 * Whether the image has an alpha channel.
 */
alpha: boolean, };

export type ImageNote = { "kind": "firstFrameOnly" } | { "kind": "reduced16Bit" } | { "kind": "convertedFromCmyk" } | { "kind": "rotated" } | { "kind": "rasterised", 
/**
 * Width drawn, in pixels.
 */
width: number, 
/**
 * Height drawn, in pixels.
 */
height: number, } | { "kind": "extensionMismatch", 
/**
 * The extension the name has.
 */
extension: string, };

export type Inspection = { 
/**
 * The image as read.
 */
info: ImageInfo, 
/**
 * Such as "RGBA, 8 bits per channel".
 */
color: string, 
/**
 * What reading it changed or left out.
 */
notes: Array<ImageNote>, };

export type Screenshot = { 
/**
 * The screenshot's id.
 */
id: string, 
/**
 * The stored image.
 */
image: ImageInfo, 
/**
 * The caption the store shows under it.
 */
caption: string, };

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

export type ListingId = string;

export type VersionId = string;

export type PackageId = string;

export type Listing = { 
/**
 * The listing's id (a UUID v7).
 */
id: ListingId, 
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
introduction: string, 
/**
 * Tags, as the store shows them.
 */
tags: Array<string>, 
/**
 * Who may see the app in the store.
 */
publishType: PublishType, 
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
createdAt: number, 
/**
 * When it was last edited, milliseconds since 1970.
 */
updatedAt: number, };

export type ListingField = { "field": "name", "value": string } | { "field": "description", "value": string } | { "field": "introduction", "value": string } | { "field": "tags", "value": Array<string> } | { "field": "publishType", "value": PublishType };

export type ShareChoice = { 
/**
 * The snapshot (its version number) to publish; `None`: the app as it runs now.
 */
snapshot: string | null, 
/**
 * The plugins (ids) to share beside those a shared component uses; `None`:
 * every plugin. Ignored for a snapshot, which carries its own.
 */
plugins: Array<string> | null, 
/**
 * What the share leaves out that the user agreed to publish without
 * ([`crate::share::Omissions::keys`]); a new omission asks again.
 */
acceptedOmissions: Array<string>, 
/**
 * Connection values (`<component key>/<NAME>`) to publish as `**None**`,
 * which the console makes a random value at each install.
 */
randomPerInstall: Array<string>, };

export type TemplateSource = { "kind": "notChosen" } | { "kind": "rainbondApp", 
/**
 * The console team.
 */
team: string, 
/**
 * The region (cluster) it runs in.
 */
region: string, 
/**
 * The app's group id in the console.
 */
app: string, 
/**
 * What of the app is shared: a snapshot or the app as it runs, which
 * plugins, and the omissions the user agreed to.
 */
share: ShareChoice, } | { "kind": "ramFile", 
/**
 * The file, as it was picked.
 */
path: string, };

export type Version = { 
/**
 * The version's id.
 */
id: VersionId, 
/**
 * `X.Y` or `X.Y.Z`.
 */
version: string, 
/**
 * A friendly name such as "stable".
 */
alias: string, 
/**
 * Release notes.
 */
releaseNotes: string, 
/**
 * Where the version's template comes from.
 */
source: TemplateSource, 
/**
 * Where the version publishes, each with its own share; none chosen yet:
 * the connected store (the library, on a console without a usable store).
 */
destinations: Array<VersionDestination>, };

export type VersionDestination = { 
/**
 * Where to.
 */
to: Destination, 
/**
 * The console's share record of this publish, kept so a publish
 * interrupted by a crash or a network cut resumes it instead of starting
 * another.
 */
shareId: number | null, 
/**
 * The version is in this library (a store's published versions are read
 * from the store instead).
 */
published: boolean, 
/**
 * The user agreed to overwrite the version number the library has
 * already (kept until that publish is done, so a resume keeps it).
 */
overwrite: boolean, };

export type VersionField = { "field": "version", "value": string } | { "field": "alias", "value": string } | { "field": "releaseNotes", "value": string } | { "field": "source", "value": TemplateSource } | { "field": "destinations", "value": Array<Destination> };

export type Package = { 
/**
 * The package's id.
 */
id: PackageId, 
/**
 * The package's name.
 */
name: string, 
/**
 * The version (of this listing) the package installs.
 */
version: string, 
/**
 * What the package offers.
 */
description: string, };

export type PackageField = { "field": "name", "value": string } | { "field": "version", "value": string } | { "field": "description", "value": string };

export type ListingDraft = { 
/**
 * The app's own fields.
 */
listing: Listing, 
/**
 * Its versions, in order.
 */
versions: Array<Version>, 
/**
 * Its packages, in order.
 */
packages: Array<Package>, 
/**
 * Its screenshots, in order.
 */
screenshots: Array<Screenshot>, 
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

export type LibraryScope = "team" | "enterprise";

export type Destination = { "kind": "store", 
/**
 * The bound name (`market_name`); empty: the connected store.
 */
name: string, } | { "kind": "library", 
/**
 * Team or enterprise.
 */
scope: LibraryScope, };

export type NoStore = "offline" | "noneBound" | "noneUsable";

export type Offered = { 
/**
 * The bound stores that take a publish, by name.
 */
stores: Array<string>, 
/**
 * Why no store is offered, when none is.
 */
noStore: NoStore | null, 
/**
 * The console's library scopes (both, always: every console has them).
 */
library: Array<LibraryScope>, };

export type DestinationState = { 
/**
 * Where to.
 */
to: Destination, 
/**
 * The version is there: the store lists it, or the library's publish finished.
 */
published: boolean, 
/**
 * A share of this publish is under way: *Publish* resumes it.
 */
resumable: boolean, };

export type OfferedDestination = { 
/**
 * Where to.
 */
to: Destination, 
/**
 * It can take a publish now (the store: bound, with Write, cloud stores enabled).
 */
usable: boolean, };

export type VersionPublishing = { 
/**
 * The version.
 */
versionId: VersionId, 
/**
 * Where it publishes, in order: the destinations ticked, else the bound
 * store when it can take a publish; empty when nothing is ticked and no
 * store can (then [`VersionPublishing::no_store`] says why).
 */
destinations: Array<DestinationState>, 
/**
 * What can be ticked.
 */
offered: Array<OfferedDestination>, 
/**
 * Why no store can take the publish, where none can.
 */
noStore: NoStore | null, 
/**
 * Published to every destination (false with none).
 */
done: boolean, 
/**
 * Some destination has a share under way.
 */
resumable: boolean, 
/**
 * The store lists this version (whether or not it is ticked).
 */
onStore: boolean, };

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
accountPhone: string, 
/**
 * The public nickname.
 */
nickname: string, 
/**
 * Contact phone shown to the store (not public).
 */
phone: string, 
/**
 * The e-mail.
 */
email: string, 
/**
 * The bio the store shows.
 */
bio: string, };

export type PublisherField = { "field": "storeUrl", "value": string } | { "field": "marketDomain", "value": string } | { "field": "accountPhone", "value": string } | { "field": "nickname", "value": string } | { "field": "phone", "value": string } | { "field": "email", "value": string } | { "field": "bio", "value": string };

export type RuleId = "name.length" | "name.recommended" | "name.charset" | "desc.length" | "desc.recommended" | "intro.present" | "intro.headings" | "intro.safe" | "text.invisible" | "text.placeholder" | "logo.present" | "logo.format" | "logo.bytes" | "logo.square" | "logo.size" | "version.format" | "version.unique" | "version.alias" | "notes.length" | "package.matches" | "tags.count" | "template.nonempty" | "template.deps" | "template.credentials" | "template.singleton" | "template.dependency" | "template.keys" | "export.images" | "export.manifest" | "export.probe" | "url.reachable" | "account.url" | "profile.email" | "profile.phone";

export type Level = "error" | "warning" | "off";

export type RuleLevels = Partial<Record<RuleId, Level>>;

export type Field = "storeUrl" | "marketDomain" | "accountPhone" | "nickname" | "phone" | "email" | "bio" | "name" | "description" | "introduction" | "tags" | "publishType" | "logo" | "version" | "versionAlias" | "releaseNotes" | "packages" | "packageName" | "packageVersion" | "packageDescription" | "template";

export type FieldRef = { 
/**
 * The field.
 */
field: Field, 
/**
 * Which of its items (a version, a package, a tag), where it has several.
 */
item: string | null, };

export type Fix = "stripInvisible" | "padSquare" | "cropSquare" | "resizeLogo" | "convertLogo" | "randomPerInstall";

export type Finding = { 
/**
 * The rule that found it.
 */
rule: RuleId, 
/**
 * How much it matters here.
 */
level: Level, 
/**
 * Where it is.
 */
field: FieldRef, 
/**
 * Names the field and the fix, in the requested locale.
 */
message: string, 
/**
 * A fix the app can make, if any.
 */
fix: Fix | null, };

export type ReviewNote = { 
/**
 * The field, and the item where the field has several.
 */
field: FieldRef, 
/**
 * The note.
 */
text: string, 
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
format: string, 
/**
 * The app's components.
 */
components: Array<Component>, 
/**
 * The kinds and names of the template's Kubernetes resources (`k8s_resources`).
 */
k8sResources: Array<string>, 
/**
 * The plugins' names.
 */
plugins: Array<string>, 
/**
 * The plugins' images, which an offline export must carry as well.
 */
pluginImages: Array<PluginImage>, };

export type Component = { 
/**
 * `service_share_uuid`, what other components' dependencies point at.
 */
key: string, 
/**
 * `service_cname`: the name people see.
 */
name: string, 
/**
 * The image it runs.
 */
image: string, 
/**
 * `share_image`: the image the share pushed, which an offline export saves
 * and an import tags (empty for components with no image of their own).
 */
shareImage: string, 
/**
 * The component's version.
 */
version: string, 
/**
 * `deploy_version`: the build installed apps run. A new build of the same
 * image is a rebuild an upgrade sends them.
 */
build: string, 
/**
 * `service_key`: the component's identity across versions of the template
 * (an upgrade matches components by it after `service_share_uuid`).
 */
serviceKey: string, 
/**
 * `extend_method`: `stateless_multiple`, `state_singleton`…
 */
deploy: string, 
/**
 * `extend_method_map.max_node`: the most instances an installer may run; 0 when unset.
 */
maxInstances: number, 
/**
 * Memory, in MB.
 */
memoryMb: number, 
/**
 * The ports it listens on.
 */
ports: Array<Port>, 
/**
 * `service_env_map_list` and `service_connect_info_map_list` (the latter
 * marked `connection`: what dependants receive).
 */
env: Array<EnvVar>, 
/**
 * Its volumes.
 */
volumes: Array<Volume>, 
/**
 * `dep_service_map_list[].dep_service_key`.
 */
dependsOn: Array<string>, };

export type PluginImage = { 
/**
 * The plugin's name (`plugin_alias`, else `plugin_key`).
 */
name: string, 
/**
 * `share_image`: the image the share pushed, which an import loads and tags.
 */
image: string, 
/**
 * `category` is `init-plugin`: it runs as an init container before the component.
 */
init: boolean, };

export type Port = { 
/**
 * The port number.
 */
port: number, 
/**
 * `http`, `tcp`, `udp`…
 */
protocol: string, 
/**
 * The name other components reach it by.
 */
alias: string, 
/**
 * Reachable by other components.
 */
inner: boolean, 
/**
 * Reachable from outside the app.
 */
outer: boolean, };

export type EnvVar = { 
/**
 * The variable's name.
 */
name: string, 
/**
 * Its value.
 */
value: string, 
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

export type Volume = { 
/**
 * The volume's name.
 */
name: string, 
/**
 * Where it is mounted.
 */
path: string, 
/**
 * Its kind (`share-file`, `local`…).
 */
kind: string, 
/**
 * GiB; 0 when unset.
 */
capacity: number, };

export type Fate = { "kind": "added" } | { "kind": "removed" } | { "kind": "reKeyed", 
/**
 * The key installed apps know it by.
 */
oldKey: string, } | { "kind": "kept" };

export type UpgradeChange = { "kind": "image", 
/**
 * The old one.
 */
from: string, 
/**
 * The new one.
 */
to: string, } | { "kind": "rebuilt", 
/**
 * The build they run.
 */
from: string, 
/**
 * The new one.
 */
to: string, } | { "kind": "envDefault", 
/**
 * The variable.
 */
name: string, 
/**
 * The old default (masked when it looks like a credential).
 */
from: string, 
/**
 * The new one (masked likewise).
 */
to: string, } | { "kind": "envAdded", 
/**
 * The variable.
 */
name: string, } | { "kind": "envRemoved", 
/**
 * The variable.
 */
name: string, } | { "kind": "portAdded", 
/**
 * Its number.
 */
port: number, } | { "kind": "portRemoved", 
/**
 * Its number.
 */
port: number, } | { "kind": "volumeAdded", 
/**
 * Where it is mounted.
 */
path: string, } | { "kind": "volumeRemoved", 
/**
 * Where it was mounted.
 */
path: string, } | { "kind": "memory", 
/**
 * MB before.
 */
from: bigint, 
/**
 * MB after.
 */
to: bigint, } | { "kind": "dependencyAdded", 
/**
 * The component depended on (its name).
 */
on: string, } | { "kind": "dependencyRemoved", 
/**
 * The component no longer depended on (its name).
 */
on: string, };

export type ComponentUpgrade = { 
/**
 * Its name (the new version's, where it has one).
 */
name: string, 
/**
 * Its key in the new version (the old one's for a removed component).
 */
key: string, 
/**
 * Added, removed, re-keyed or kept.
 */
fate: Fate, 
/**
 * What changed against the component installed apps run (kept or re-keyed).
 */
changes: Array<UpgradeChange>, };

export type UpgradeReport = { 
/**
 * The old version's number.
 */
from: string, 
/**
 * The new version's number.
 */
to: string, 
/**
 * Every component that is added, removed, re-keyed or changed; unchanged
 * ones are left out.
 */
components: Array<ComponentUpgrade>, };

export type ChangeKind = "added" | "changed" | "removed";

export type LineTag = "same" | "added" | "removed" | "gap";

export type DiffLine = { 
/**
 * In both, added or removed.
 */
tag: LineTag, 
/**
 * The line.
 */
text: string, };

export type Change = { 
/**
 * The field changed.
 */
field: Field, 
/**
 * Which version or package, by its number or name.
 */
item: string | null, 
/**
 * Added, changed or removed.
 */
kind: ChangeKind, 
/**
 * The value before, as text.
 */
before: string, 
/**
 * The value after, as text.
 */
after: string, 
/**
 * For text over several lines: the changed lines with two lines of context.
 */
lines: Array<DiffLine>, 
/**
 * A push cannot send it: it is changed on the store's own page (tags of an
 * app that exists, which the store's update model leaves out).
 */
onStorePage: boolean, 
/**
 * The store's value can be taken into the draft instead (see
 * [`store_value`]): the user chooses, field by field, after a pull.
 */
canTakeStore: boolean, };

export type ListingDiff = { 
/**
 * The store has no app for this listing yet: everything is new.
 */
firstPush: boolean, 
/**
 * The changes, in the listing's field order.
 */
changes: Array<Change>, };

export type Capability = "account" | "packages" | "shelf";

export type StoreInfo = { 
/**
 * The store's name.
 */
name: string, 
/**
 * `status == 1`: the store is usable.
 */
usable: boolean, 
/**
 * The key's permissions (`Write`, `ReadInstall`, `OnlyRead`).
 */
accessActions: Array<string>, 
/**
 * The account extension's parts the store offers; the rest is done on its pages.
 */
capabilities: Array<Capability>, };

export type StoreProfile = { 
/**
 * The public nickname.
 */
nickname: string, 
/**
 * The contact phone.
 */
phone: string, 
/**
 * The e-mail.
 */
email: string, 
/**
 * The bio the store shows.
 */
bio: string, };

export type Team = { 
/**
 * The team's name (its id in paths).
 */
name: string, 
/**
 * The name people see.
 */
alias: string, 
/**
 * The regions (clusters) the team may use.
 */
regions: Array<string>, };

export type RunningApp = { 
/**
 * The app's group id.
 */
id: number, 
/**
 * The app's name.
 */
name: string, };

export type BoundStore = { 
/**
 * The name the store is bound by.
 */
name: string, 
/**
 * The store's URL.
 */
url: string, 
/**
 * The store's market domain.
 */
domain: string, 
/**
 * The store is usable.
 */
usable: boolean, 
/**
 * What the console's key for it may do (`Write`…).
 */
accessActions: Array<string>, };

export type PushStatus = "notStarted" | "pushing" | "succeeded" | "failed";

export type PushEvent = { 
/**
 * The event's id.
 */
id: number, 
/**
 * The component (or plugin) whose image is pushed.
 */
component: string, 
/**
 * A plugin's image, not a component's.
 */
plugin: boolean, 
/**
 * Where the push is.
 */
status: PushStatus, 
/**
 * Why the push failed, in the console's own words (often Chinese); empty
 * when it did not, or when the console gave no reason.
 */
reason: string, 
/**
 * How long the push has been under way (or took), as this app saw it.
 */
elapsedMs: number | null, 
/**
 * Not started yet because the cluster is busy (its words in `reason`):
 * the push is started again by itself shortly. Waiting, not failed.
 */
waiting: boolean, };

export type LiveApp = { 
/**
 * The app's id in the store.
 */
id: string, 
/**
 * The app's name.
 */
name: string, 
/**
 * The short description.
 */
description: string, 
/**
 * The introduction, Markdown.
 */
introduction: string, 
/**
 * A URL served by the store.
 */
logoUrl: string, 
/**
 * The tags.
 */
tags: Array<string>, 
/**
 * `private` or `public`.
 */
publishType: string, 
/**
 * On the store's shelf.
 */
listed: boolean, 
/**
 * The version numbers the store has.
 */
versions: Array<string>, 
/**
 * The app's page on the store (`appDetailURL`).
 */
detailUrl: string, };

export type LivePackage = { 
/**
 * The package's id in the store.
 */
id: string, 
/**
 * Its name.
 */
name: string, 
/**
 * The version it installs.
 */
version: string, 
/**
 * Its description.
 */
description: string, };

export type LiveListing = { 
/**
 * The app.
 */
app: LiveApp, 
/**
 * Its packages.
 */
packages: Array<LivePackage>, 
/**
 * The hash of the logo this app last pushed and the store took: what lets a
 * re-push know the logo is already there without downloading it.
 */
logoHash: string | null, };

export type OutboxAction = { "kind": "pushProfile" } | { "kind": "publishVersion", 
/**
 * The listing.
 */
listingId: ListingId, 
/**
 * The version.
 */
versionId: VersionId, 
/**
 * Where to: left out for the connected store, as before there were
 * destinations (so a waiting item reads the same).
 */
to?: Destination, } | { "kind": "pushInformation", 
/**
 * The listing.
 */
listingId: ListingId, } | { "kind": "pushPackages", 
/**
 * The listing.
 */
listingId: ListingId, } | { "kind": "setListed", 
/**
 * The listing.
 */
listingId: ListingId, 
/**
 * On the shelf or off it.
 */
listed: boolean, };

export type OutboxItem = { 
/**
 * Its id.
 */
id: number, 
/**
 * What to push.
 */
action: OutboxAction, 
/**
 * The listing's name, for people.
 */
listingName: string | null, 
/**
 * How many times it was tried.
 */
attempts: number, 
/**
 * Why the last try failed: the server's reason, or the network's.
 */
lastError: string, 
/**
 * The server refused it; it waits for the user to retry or discard it.
 */
failed: boolean, 
/**
 * When it was queued, milliseconds since 1970.
 */
createdAt: number, };

export type EventKey = { 
/**
 * A plugin's event, not a component's.
 */
plugin: boolean, 
/**
 * The event's id in its own table.
 */
id: number, };

export type PublishMode = "runtime" | "snapshot";

export type PlanPlugin = { 
/**
 * The plugin's id.
 */
id: string, 
/**
 * The name people see (the alias, which its image push is named by).
 */
name: string, 
/**
 * The plugin's category, as the console has it.
 */
category: string, 
/**
 * Shared components that use it: while any does, it is shared (the console
 * UI's rule).
 */
requiredBy: Array<string>, };

export type OmissionReason = "thirdParty" | "notDeployed" | "other";

export type OmittedComponent = { 
/**
 * The component's name.
 */
name: string, 
/**
 * Why the console leaves it out, as far as the topology says.
 */
reason: OmissionReason, };

export type DroppedDependency = { 
/**
 * The shared component that depends.
 */
component: string, 
/**
 * The component it depends on.
 */
on: string, 
/**
 * The app that component belongs to, when it is another app.
 */
otherApp: string | null, };

export type Omissions = { 
/**
 * Components of the app that will not be in the template.
 */
components: Array<OmittedComponent>, 
/**
 * Dependencies that will not be in the template.
 */
dependencies: Array<DroppedDependency>, };

export type SnapshotChanges = { 
/**
 * Components added.
 */
added: Array<string>, 
/**
 * Components removed.
 */
removed: Array<string>, 
/**
 * Components changed.
 */
updated: Array<string>, };

export type Snapshot = { 
/**
 * The snapshot's id (`version_id`).
 */
id: number, 
/**
 * Its version number.
 */
version: string, 
/**
 * Its display name.
 */
alias: string, 
/**
 * Its notes.
 */
notes: string, 
/**
 * The hidden template it belongs to (`app_model_id`): what a share names.
 */
templateId: string, 
/**
 * When it was made, as the console prints it.
 */
created: string, 
/**
 * What changed against the snapshot before it.
 */
changes: SnapshotChanges, };

export type SnapshotMade = { 
/**
 * A new snapshot was made; false: nothing changed since the newest one,
 * which is `snapshot` ("当前没有新的变更，无需创建快照").
 */
created: boolean, 
/**
 * The snapshot made, or the newest one.
 */
snapshot: Snapshot, };

export type Sentence = { 
/**
 * `area.name`, a key of `texts`.
 */
key: string, 
/**
 * The values its `{placeholders}` name.
 */
args: { [key in string]: string }, 
/**
 * Placeholders that are sentences themselves, said in the same language.
 */
parts: { [key in string]: Sentence }, };

export type Code = "notFound" | "databaseCorrupt" | "databaseTooNew" | "dataFolder" | "database" | "storeKeyRejected" | "noWritePermission" | "storeLoginFailed" | "consoleLoginFailed" | "consoleSignedOut" | "rejected" | "networkDown" | "serverError" | "malformedReply" | "keyringUnavailable" | "needsSetup" | "cancelled" | "badImage" | "badFile" | "readOnly" | "pushFailed" | "timedOut" | "storeUnavailable" | "shareStale" | "shareDiffers" | "omissionsToConfirm" | "snapshotNotTaken" | "unsupported" | "versionExists" | "storeKept" | "folderTaken" | "invalid" | "notApproved" | "signingKey";

export type Need = "storeKey" | "consoleSignIn" | "teamRegion" | "storeBound" | "appName" | "runningApp" | "versionPublished" | "publishFirst" | "appInStore" | "logo" | "logoRules";

export type Params = { 
/**
 * What must be done first, for a setup error.
 */
need?: Need, 
/**
 * A component of the app's template (a push that failed or hangs).
 */
component?: string, 
/**
 * The version the error is about.
 */
version?: string, 
/**
 * What the error lists, one line each (the omissions to confirm).
 */
items?: Array<string>, 
/**
 * The package the error is about.
 */
package?: string, 
/**
 * Why, in our words: a sentence of the catalogue with what it names.
 */
reason?: Sentence, 
/**
 * The words of whatever refused on this machine (the OS, a file's parser),
 * shown as they came: they name the file and say why.
 */
detail?: string, 
/**
 * The server's own words (the console's `msg_show`, the store's `msg`),
 * shown as a quotation marked as the server's.
 */
said?: string, 
/**
 * What to do about it, said last (rbpub's flags: `--restart`…).
 */
fix?: Sentence, };

export type Error = { 
/**
 * What kind of error: programs switch on it.
 */
code: Code, 
/**
 * What the sentence names, for the catalogue. Boxed: a `Result` carries
 * its error inline, and most calls succeed.
 */
params: Params, 
/**
 * The English text, for logs.
 */
message: string, };

export type ListingSummary = { 
/**
 * The listing's id.
 */
id: ListingId, 
/**
 * The app's name.
 */
name: string, 
/**
 * The short description.
 */
description: string, 
/**
 * When it was last edited, milliseconds since 1970.
 */
updatedAt: number, 
/**
 * How many versions it has.
 */
versionCount: number, 
/**
 * Status of each of the seven steps, in order.
 */
steps: Array<StepStatus>, 
/**
 * The logo's hash, served by the window's image protocol from the store of
 * images (nothing is copied).
 */
logo: string | null, };

export type ListingView = { 
/**
 * The listing as saved.
 */
draft: ListingDraft, 
/**
 * Every finding of the listing, in a stable order.
 */
findings: Array<Finding>, 
/**
 * All seven steps, in order.
 */
steps: Array<StepState>, 
/**
 * Step 4 for each version, in the draft's order: where it publishes and
 * how far each destination has got.
 */
publishing: Array<VersionPublishing>, 
/**
 * The last rehearsal of each version that has one (step 4, and beside the preview).
 */
rehearsals: Array<LastRehearsal>, };

export type PublisherView = { 
/**
 * The publisher as saved.
 */
publisher: Publisher, 
/**
 * The account and profile rules' findings.
 */
findings: Array<Finding>, 
/**
 * Steps 1–3.
 */
steps: Array<StepState>, };

export type Startup = { 
/**
 * The data folder.
 */
dataDir: string, 
/**
 * The drafts database file.
 */
database: string, 
/**
 * The copy taken before this start migrated an older database.
 */
backup: string | null, };

export type ConnectionView = { 
/**
 * The store's base URL.
 */
storeUrl: string, 
/**
 * The store's market domain.
 */
marketDomain: string, 
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
consoleUrl: string, 
/**
 * The console user signed in (or last signed in).
 */
consoleUser: string, 
/**
 * A console sign-in token is in the keyring.
 */
consoleSignedIn: boolean, 
/**
 * The teams the console user belongs to, with their regions.
 */
teams: Array<Team>, 
/**
 * The team chosen to publish from.
 */
team: string, 
/**
 * The region chosen to publish from.
 */
region: string, 
/**
 * The store bound to the console, as the console last listed it.
 */
boundStore: BoundStore | null, 
/**
 * That store can take a publish now (bound with Write, cloud stores enabled).
 */
storeUsable: boolean, 
/**
 * Where the console can publish (its usable stores, its library, why no
 * store), as it last said.
 */
offered: Offered | null, 
/**
 * The last check: reachable, unreachable, or not checked yet.
 */
online: boolean | null, 
/**
 * Pushes waiting for the network or refused, oldest first.
 */
outbox: Array<OutboxItem>, 
/**
 * Why the keyring cannot be used, when it cannot.
 */
keyringProblem: string | null, 
/**
 * The store and console addresses that are plain `http://` to another
 * machine: keys and passwords would travel unencrypted.
 */
cleartext: Array<string>, };

export type Diagnostics = { 
/**
 * This build's version.
 */
version: string, 
/**
 * The OS and the processor (`linux x86_64`).
 */
platform: string, 
/**
 * The data folder: drafts, images, the log.
 */
dataDir: string, 
/**
 * The window's log file.
 */
logFile: string, 
/**
 * The store's address, without userinfo or query.
 */
storeUrl: string, 
/**
 * A store key is in the keyring (its value is never read here).
 */
storeKeyInKeyring: boolean, 
/**
 * The store's name and the key's permissions, as last asked.
 */
store: string | null, 
/**
 * The console's address, without userinfo or query.
 */
consoleUrl: string, 
/**
 * The console user, and whether a sign-in is in the keyring.
 */
consoleUser: string, 
/**
 * A console sign-in is in the keyring.
 */
consoleSignedIn: boolean, 
/**
 * The team and region chosen, `team / region`.
 */
teamRegion: string, 
/**
 * The store the console has bound, as it last said.
 */
boundStore: string | null, 
/**
 * The last check: reachable, unreachable, or not checked yet.
 */
online: boolean | null, 
/**
 * One line per push waiting or refused, oldest first.
 */
outbox: Array<string>, 
/**
 * Why something could not be read (the drafts, the keyring).
 */
problems: Array<string>, 
/**
 * The `RBPUB_*` variables set, `NAME=value`, a secret's value as •••.
 */
environment: Array<string>, 
/**
 * The last lines of the log.
 */
logTail: Array<string>, 
/**
 * All of it as text for an issue ([`Diagnostics::text`]).
 */
text: string, };

export type SharePhase = "starting" | "submitting" | "pushing" | "completing" | "done" | "cancelled";

export type ShareWait = { 
/**
 * The console's words for why (often Chinese, such as 应用商店状态异常).
 */
reason: string, 
/**
 * When the next try is, in seconds from this report.
 */
retryInSecs: number, };

export type ShareProgress = { 
/**
 * The step the publish is at.
 */
phase: SharePhase, 
/**
 * The share record, once there is one.
 */
shareId: number | null, 
/**
 * One entry per component and per plugin image.
 */
pushes: Array<PushEvent>, 
/**
 * Components and plugins still pushing when no push has changed for
 * [`Watch::stall_after`]: the cluster may be stuck on them.
 */
stalled: Array<string>, 
/**
 * The store is down as the console sees it: the publish waits and tries again.
 */
waiting: ShareWait | null, };

export type PlanView = { 
/**
 * The share record the plan was read from.
 */
shareId: number, 
/**
 * From the app as it runs now, or from a snapshot.
 */
mode: PublishMode, 
/**
 * The record is submitted already: the plan can no longer change.
 */
submitted: boolean, 
/**
 * The components shared.
 */
components: Array<string>, 
/**
 * The plugins the app has, each with the shared components that use it.
 */
plugins: Array<PlanPlugin>, 
/**
 * Image pushes the share will make: components and the plugins shared.
 */
images: number, 
/**
 * What the console leaves out of the template (runtime shares only).
 */
omissions: Omissions, 
/**
 * The keys of the omissions, to agree to them ([`Omissions::keys`]).
 */
omissionKeys: Array<string>, 
/**
 * What the template the share makes would do to installers (the
 * `template.*` rules: credentials shipped, singletons refused, …), each
 * with where to change it; a snapshot's plan is the snapshot's.
 */
findings: Array<PlanFinding>, 
/**
 * What installed apps get when they upgrade from the newest version
 * published to this template: the version and a line per component and
 * per change, in the window's language; `None` before a first version.
 */
upgrade: UpgradeView | null, 
/**
 * What stands between this plan and its publish.
 */
gate: PlanGate, };

export type PlanGate = { 
/**
 * Findings of level error: the publish is blocked.
 */
errors: number, 
/**
 * Findings of level warning, and components an upgrade would copy.
 */
warnings: number, 
/**
 * What a confirmation agrees to, the same in every language: the rule
 * and item of each warning, and the upgrade's second copies.
 */
signature: string, };

export type PlanFinding = { 
/**
 * The finding.
 */
finding: Finding, 
/**
 * The component's page in the console, on the tab that changes it
 * (rainbond-ui's route `apps/{id}/overview?type=components&componentID=
 * {service_alias}&tab=…`); `None` where no component is at fault.
 */
consoleUrl: string | null, };

export type UpgradeView = { 
/**
 * The version installed apps run (the newest published).
 */
from: string, 
/**
 * Components installed apps would get a second copy of.
 */
secondCopies: number, 
/**
 * One line per component, then one per change (indented by the window).
 */
lines: Array<UpgradeLine>, };

export type UpgradeLine = { 
/**
 * A component's fate (else a change of the component above).
 */
component: boolean, 
/**
 * A component rebuilt under a new key: installed apps get a second copy.
 */
warn: boolean, 
/**
 * The words.
 */
text: string, };

export type PublishTo = { 
/**
 * Where to.
 */
to: Destination, 
/**
 * The failed pushes to start again (the window's *Retry* on one), and only those.
 */
retry: Array<EventKey>, 
/**
 * The user agreed to overwrite the version number a library has already.
 */
overwrite: boolean, };

export type SnapshotList = { 
/**
 * The console has snapshots at all (an older one has no such views: then
 * only the app as it runs can be published).
 */
available: boolean, 
/**
 * Newest first.
 */
snapshots: Array<Snapshot>, };

export type SnapshotOutcome = { 
/**
 * The snapshot made, or (nothing changed) the newest one.
 */
made: SnapshotMade, 
/**
 * The listing, the version now publishing that snapshot.
 */
view: ListingView, };

export type ImageCheck = { 
/**
 * The file as the user named it.
 */
file: string, 
/**
 * What the image is: format, size, colour, and what is wrong with it.
 */
inspection: Inspection, 
/**
 * What reading the file changed or left out, in the requested locale.
 */
notes: Array<string>, 
/**
 * The listing rules' findings on this image as a logo.
 */
findings: Array<Finding>, };

export type ImageAdded = { 
/**
 * The listing after the change.
 */
view: ListingView, 
/**
 * What was changed on the way in (rotated, first frame kept…), one sentence each.
 */
notes: Array<string>, 
/**
 * Files that were not added, each with the reason.
 */
refused: Array<FileOutcome>, };

export type FileOutcome = { 
/**
 * The file inside the kit.
 */
file: string, 
/**
 * What became of it.
 */
result: FileResult, 
/**
 * What became of it, or why not, in the locale asked for.
 */
message: string, };

export type FileResult = "logo" | "screenshot" | "refused" | "skipped";

export type KitImport = { 
/**
 * The listing after the import.
 */
view: ListingView, 
/**
 * Each file of the kit, in the kit's order.
 */
files: Array<FileOutcome>, };

export type LogoFix = { 
/**
 * The fix to apply; `None` applies every fix the logo's findings offer.
 */
fix: Fix | null, 
/**
 * `#rrggbb` for padding and flattening; transparent padding when absent.
 */
background: string | null, };

export type ExportAs = "folder" | "bundle";

export type PullOutcome = { 
/**
 * The listing, as it now is.
 */
listingId: ListingId, 
/**
 * The app's name.
 */
name: string, 
/**
 * A listing of the app was there already: only what the store shows was
 * read again (local edits are kept; `diff` shows what differs).
 */
refreshed: boolean, 
/**
 * Why the logo was not taken, if it was not.
 */
logoProblem: Error | null, 
/**
 * For a refreshed listing: the fields where the draft and the store now
 * differ (unpushed edits, or changes made on the store), for the user to
 * choose between ([`crate::Service::take_store_value`]).
 */
differs: Array<Field>, };

export type PullProgress = { 
/**
 * Apps read so far.
 */
done: number, 
/**
 * Apps asked for.
 */
total: number, 
/**
 * The app read last.
 */
name: string, };

export type Outcome = "installed" | "updatedInPlace" | "unchanged" | "leftBehind" | "added" | "secondCopy";

export type ComponentState = { 
/**
 * Its id in the scratch app.
 */
id: string, 
/**
 * The image it runs.
 */
image: string, 
/**
 * The version it says it runs.
 */
version: string, 
/**
 * Its status in the cluster.
 */
status: string, 
/**
 * Its variables, inner then connection, as installers get them
 * (`**None**` values as the install resolved them).
 */
env: Array<[string, string]>, 
/**
 * The ports it listens on.
 */
ports: Array<number>, 
/**
 * Its volumes' paths.
 */
volumes: Array<string>, 
/**
 * The components it depends on.
 */
dependsOn: Array<string>, };

export type KeptValue = { 
/**
 * Its name.
 */
name: string, 
/**
 * What installers keep.
 */
kept: string, 
/**
 * What the new version says.
 */
new: string, };

export type ComponentResult = { 
/**
 * Its name.
 */
name: string, 
/**
 * What the console did.
 */
outcome: Outcome, 
/**
 * As installed from A (`None` for one the upgrade added).
 */
before: ComponentState | null, 
/**
 * After the upgrade to B (or the install, without an upgrade).
 */
after: ComponentState, 
/**
 * Variables whose value B changed and installers keep.
 */
keptValues: Array<KeptValue>, 
/**
 * Variables the template leaves to the console (`**None**`), as it set them.
 */
generated: Array<Generated>, 
/**
 * It was not running when the time ran out.
 */
notRunning: boolean, };

export type Problem = { "kind": "secondCopy", 
/**
 * The component.
 */
component: string, } | { "kind": "notRunning", 
/**
 * The component.
 */
component: string, 
/**
 * Its status then.
 */
status: string, } | { "kind": "upgradeNotEnded", 
/**
 * How long it was given, in seconds.
 */
seconds: number, } | { "kind": "upgradeFailed", 
/**
 * The record's status.
 */
status: number, } | { "kind": "notCleaned" };

export type Disagreement = { 
/**
 * The component.
 */
component: string, 
/**
 * What the console did.
 */
console: Outcome, 
/**
 * What our report said (`None`: nothing, as for a component with no change).
 */
predicted: string | null, };

export type RehearsalStep = { "step": "making", 
/**
 * Its name.
 */
app: string, } | { "step": "installing", 
/**
 * The version.
 */
version: string, } | { "step": "waiting", 
/**
 * After installing (else after upgrading).
 */
install: boolean, 
/**
 * Running so far.
 */
running: number, 
/**
 * Of how many.
 */
total: number, } | { "step": "upgrading", 
/**
 * The version.
 */
version: string, } | { "step": "cleaning" };

export type RehearsalReport = { 
/**
 * The scratch app, now deleted.
 */
scratchApp: string, 
/**
 * The version installed first; `None` when B was installed alone.
 */
from: string | null, 
/**
 * The version upgraded to (or installed).
 */
to: string, 
/**
 * One entry per component, second copies and ones not running first.
 */
components: Array<ComponentResult>, 
/**
 * What installers would meet: second copies, components not running,
 * an install or upgrade that failed. Empty: all went well.
 */
problems: Array<Problem>, 
/**
 * Where the console did otherwise than our upgrade report said.
 */
disagreements: Array<Disagreement>, 
/**
 * The scratch app and all its components are gone.
 */
cleaned: boolean, };

export type LastRehearsal = { 
/**
 * The version.
 */
versionId: VersionId, 
/**
 * What it found.
 */
report: RehearsalReport, };

export type Generated = { 
/**
 * Its name.
 */
name: string, 
/**
 * How many characters the console made.
 */
length: number, 
/**
 * Made by an upgrade that added it: the console takes the first 8
 * characters of the component's id, the same for every installer's
 * upgrade of that component, not a random value.
 */
fromComponentId: boolean, };

export type SignedApproval = { 
/**
 * The file stem both files share, one per signing key (a new approval by
 * the same key replaces the old).
 */
file: string, 
/**
 * The statement that was signed, byte for byte: who, when, and the digest
 * of each part of the listing.
 */
statement: string, 
/**
 * The SSH signature of the statement (`-----BEGIN SSH SIGNATURE-----`).
 */
signature: string, };

export type ListingApprovals = { 
/**
 * The listing's name.
 */
listing: string, 
/**
 * Each approval, checked against the listing now (and the allowed
 * signers, when the project names them).
 */
approvals: Array<ApprovalCheck>, 
/**
 * Approvals the project's `rbpub.toml` requires before listing; 0 without a rule.
 */
required: number, 
/**
 * The allowed-signers file, when the project names one.
 */
signersFile?: string, 
/**
 * Whose approvals count under the rule (for the lister, when known).
 */
counted: Array<string>, 
/**
 * The signing key the window remembers, by path (never the key).
 */
key?: string, };

export type ApprovalCheck = { 
/**
 * The files' stem in `approvals/`.
 */
file: string, 
/**
 * Who the statement says signed (the allowed-signers file says who did).
 */
signer: string, 
/**
 * When, as the statement says.
 */
approved: string, 
/**
 * The signing key's fingerprint (`SHA256:…`), when the signature could be read.
 */
fingerprint: string, 
/**
 * The names the allowed-signers file gives the key; empty without a file
 * or when it does not name the key.
 */
principals: Array<string>, 
/**
 * What the approval is worth.
 */
state: ApprovalState, };

export type ApprovalState = { "kind": "holds" } | { "kind": "voided", 
/**
 * Each part changed, added or removed.
 */
changes: Array<ApprovalChange>, } | { "kind": "notAllowed" } | { "kind": "byLister" } | { "kind": "repeated" } | { "kind": "invalid", 
/**
 * Why, in a sentence.
 */
why: Sentence, };

export type ApprovalChange = { "kind": "changed", "part": string } | { "kind": "added", "part": string } | { "kind": "removed", "part": string };

export type LibraryMark = { 
/**
 * Whose library.
 */
scope: LibraryScope, 
/**
 * The app model's id.
 */
modelId: string, 
/**
 * The version number.
 */
version: string, 
/**
 * Marked Release now.
 */
release: boolean, };

/** The store's seven publishing steps, in order (`Step::ALL`). */
export const STEPS: readonly Step[] = ["account", "profile", "connect", "publishTemplate", "appInfo", "packages", "list"];
