// Prints a bearer token signed as the app's TokenIssuer signs it (HS256; iss, aud, role, sub, marketplace, iat, nbf, exp),
// with the settings the self-host reads, in its order: appsettings.json, appsettings.{environment}.json, user secrets
// (Development), then environment variables (Auth__SigningKey ...). Plain Node, no packages and no build: token.sh answers
// at once instead of building and starting the app (3-7 s). Usage: see token.sh.
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const usage = "usage: scripts/token.sh <marketplace|buyer|seller|finance|admin> <partyId> [marketplace] [--minutes N]";
const roles = ["marketplace", "buyer", "seller", "finance", "admin"];
const appDir = join(dirname(fileURLToPath(import.meta.url)), "..", "functions", "Marketplace.Functions");
const userSecretsId = "marketplace-messaging-functions"; // <UserSecretsId> in Marketplace.Functions.csproj

function fail(message) {
  process.stderr.write(message + "\n");
  process.exit(2);
}

// Configuration keys ignore case, as in .NET: every key is stored lowercased, sections joined with ":".
function flatten(node, prefix, into) {
  if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      flatten(value, prefix ? `${prefix}:${key}` : key, into);
    }
  } else if (prefix) {
    into.set(prefix.toLowerCase(), node === null ? "" : String(node));
  }
}

function readJson(path, into) {
  if (existsSync(path)) {
    flatten(JSON.parse(readFileSync(path, "utf8")), "", into);
  }
}

function loadSettings() {
  const environment = process.env.ASPNETCORE_ENVIRONMENT || process.env.DOTNET_ENVIRONMENT || "Production";
  const settings = new Map();
  readJson(join(appDir, "appsettings.json"), settings);
  readJson(join(appDir, `appsettings.${environment}.json`), settings);
  if (environment === "Development") {
    const base = process.env.APPDATA
      ? join(process.env.APPDATA, "Microsoft", "UserSecrets")
      : join(homedir(), ".microsoft", "usersecrets");
    readJson(join(base, userSecretsId, "secrets.json"), settings);
  }
  for (const [name, value] of Object.entries(process.env)) {
    if (name.includes("__")) {
      settings.set(name.replaceAll("__", ":").toLowerCase(), value);
    }
  }
  return settings;
}

// TimeSpan as .NET writes it in settings: [d.]hh:mm[:ss[.fffffff]].
function parseTimeSpanSeconds(text) {
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const [, days = "0", hours, minutes, seconds = "0", fraction = "0"] = match;
  return Number(days) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(`0.${fraction}`);
}

const base64Url = (value) => Buffer.from(value).toString("base64url");

const positional = [];
let minutes;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--minutes") {
    minutes = Number(args[++i]);
    if (!(minutes > 0)) {
      fail("token: --minutes takes a number of minutes greater than 0.");
    }
  } else {
    positional.push(args[i]);
  }
}
if (positional.length < 2 || positional.length > 3) {
  fail(usage);
}
const [role, partyId, marketplace] = positional;
if (!roles.includes(role)) {
  fail(`token: the role must be one of ${roles.join(", ")}, spelled exactly so (the app refuses any other).\n${usage}`);
}
if ((role === "buyer" || role === "seller") && !/^[A-Za-z0-9\-_.:]{1,64}$/.test(partyId)) {
  fail("token: a buyer's or seller's id is 1-64 characters: letters, digits, '-', '_', '.', ':' (as in webhooks).");
}

const settings = loadSettings();
const configured = [...settings.keys()]
  .filter((key) => key.startsWith("messaging:webhooksecrets:") && key.split(":").length === 3)
  .map((key) => key.split(":")[2])
  .sort();
if (marketplace !== undefined && !configured.includes(marketplace)) {
  fail(`token: '${marketplace}' is not a marketplace this app knows; configured (Messaging:WebhookSecrets): ${configured.join(", ") || "none"}.`);
}
if (marketplace === undefined && (role === "buyer" || role === "seller" || role === "marketplace")) {
  fail(`token: a ${role} belongs to a marketplace; add one of: ${configured.join(", ")} (e.g. scripts/token.sh ${role} ${partyId} ${configured[0] ?? "amazon"}).`);
}

const key = settings.get("auth:signingkey") ?? "";
if (Buffer.byteLength(key, "utf8") < 32) {
  fail("token: Auth:SigningKey must be at least 32 bytes; the app would not start with this one either.");
}
const lifetimeSeconds = minutes !== undefined ? minutes * 60 : parseTimeSpanSeconds(settings.get("auth:tokenlifetime") ?? "08:00:00");
if (lifetimeSeconds === undefined) {
  fail("token: Auth:TokenLifetime is not a time span such as 08:00:00.");
}

const now = Math.floor(Date.now() / 1000);
const payload = {
  iss: settings.get("auth:issuer") ?? "",
  aud: settings.get("auth:audience") ?? "",
  role,
  sub: partyId,
  ...(marketplace !== undefined ? { marketplace } : {}),
  iat: now,
  nbf: now,
  exp: now + Math.floor(lifetimeSeconds),
};
const unsigned = `${base64Url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64Url(JSON.stringify(payload))}`;
const signature = createHmac("sha256", Buffer.from(key, "utf8")).update(unsigned).digest("base64url");
process.stdout.write(`${unsigned}.${signature}\n`);
