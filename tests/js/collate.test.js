import assert from "node:assert/strict";
import { test } from "node:test";

import { byName } from "../../scripts/collate.mjs";

test("Kazakh names sort by the Kazakh alphabet, not by character code", () => {
  const names = ["Ямайка", "Қазақстан", "Өзбекстан", "Ұлыбритания", "Қырғызстан", "Кения", "Ресей", "Осло"];
  const sorted = byName(names, "kk-KZ");
  // By code point the four with Қ, Ө, Ұ come after Я; in the collation they do not.
  assert.notDeepEqual([...names].sort(), sorted);
  assert.equal(sorted.at(-1), "Ямайка");
  assert.ok(sorted.indexOf("Кения") < sorted.indexOf("Қазақстан"));
  assert.ok(sorted.indexOf("Қырғызстан") < sorted.indexOf("Ресей"));
  assert.ok(sorted.indexOf("Өзбекстан") < sorted.indexOf("Ресей"));
});

test("English puts Åland beside Albania, not after Zimbabwe; a key function picks the name", () => {
  const items = [{ n: "Zimbabwe" }, { n: "Åland Islands" }, { n: "Albania" }, { n: "Afghanistan" }];
  assert.deepEqual(
    byName(items, "en-GB", (item) => item.n).map((item) => item.n),
    ["Afghanistan", "Åland Islands", "Albania", "Zimbabwe"],
  );
});
