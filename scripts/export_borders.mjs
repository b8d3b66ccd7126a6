// Exports the borders of @rapideditor/country-coder (pinned in package.json) into the
// file the location-history import reads, in the page (static/history/borders.json) and
// on the command line (core/staycheck/history/borders.json): one entry per feature with
// a geometry, its rings flattened to [lon, lat, lon, lat, ...], and the ISO 3166-1 code
// country-coder itself gives for it at the "territory" level (French Guiana is GF, not
// FR: stay rules treat such territories apart). Usage: node scripts/export_borders.mjs OUT
import { readFileSync, writeFileSync } from "node:fs";
import * as coder from "@rapideditor/country-coder";

const manifest = new URL("../node_modules/@rapideditor/country-coder/package.json", import.meta.url);
const version = JSON.parse(readFileSync(manifest, "utf8")).version;

// What coder.iso1A2Code(point, {level: "territory"}) answers for any point of this feature:
// the feature itself or the first of its groups (sorted by level) at the territory level
// or above that has an ISO code, as country-coder's featureForLoc picks it.
const levels = ["subterritory", "territory"];
function territoryCode(feature) {
  const chain = [feature, ...feature.properties.groups.map((id) => coder.feature(id))];
  const match = chain.find((f) => f.properties.iso1A2 && !(f === feature && f.properties.level === levels[0]));
  return match ? match.properties.iso1A2 : null;
}

const features = [];
for (const feature of coder.borders.features) {
  if (!feature.geometry) continue;
  const code = territoryCode(feature);
  if (!code) continue;
  const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const rings = polygons.flat().map((ring) => ring.flat());
  features.push({ code, id: feature.properties.id, rings });
}
features.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id < b.id ? -1 : 1));
const data = { source: `@rapideditor/country-coder ${version}`, license: "ISC", features };
writeFileSync(process.argv[2], JSON.stringify(data));
console.log(`${features.length} features from country-coder ${version} -> ${process.argv[2]}`);
