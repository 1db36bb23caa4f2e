// Every operation, called through openapi-fetch with the types openapi-typescript
// generates from openapi.yaml, as a partner's TypeScript would call it.
//   node generated/out/ts_caller.js http://127.0.0.1:8000
// Compiled with `tsc --strict` (consumers/run); exits non-zero, naming the
// operation, on the first answer that is not as documented.
import createClient from "openapi-fetch";
import type { paths } from "./generated/schema.js";

const LEAFLET = "serious-case-review-information-for-parents-and-carers";

function check(condition: boolean, what: string): void {
  if (!condition) {
    console.error(`typescript client: ${what}`);
    process.exit(1);
  }
}

async function main(baseUrl: string): Promise<void> {
  const api = createClient<paths>({ baseUrl });

  const index = await api.GET("/api/v1/");
  check(index.response.status === 200 && !!index.data?.themes.endsWith("/api/v1/themes/"), "getIndex");

  // openapi-fetch repeats array parameters: ordering=title&ordering=-published.
  const reviews = await api.GET("/api/v1/reviews/", {
    params: { query: { status: "all", ordering: ["title", "-published"] } },
  });
  const titles = reviews.data?.results.map((review) => review.title) ?? [];
  check(reviews.response.status === 200 && titles.length >= 4, "listReviews");
  check(JSON.stringify(titles) === JSON.stringify([...titles].sort()), "listReviews ordering");

  const pip = await api.GET("/api/v1/reviews/{slug}/", { params: { path: { slug: "pip" } } });
  check(pip.data?.title === "Pip", "getReview");
  const etag = pip.response.headers.get("ETag") ?? "";
  const again = await api.GET("/api/v1/reviews/{slug}/", {
    params: { path: { slug: "pip" }, header: { "If-None-Match": etag } },
  });
  check(again.response.status === 304, "getReview with If-None-Match: 304");

  const history = await api.GET("/api/v1/reviews/{slug}/history/", { params: { path: { slug: "pip" } } });
  check(history.data?.changes[0]?.event === "published", "getReviewHistory");

  const missing = await api.GET("/api/v1/reviews/{slug}/", { params: { path: { slug: "no-such-review" } } });
  check(missing.response.status === 404 && missing.error?.status === 404, "getReview 404 problem");
  check(missing.response.headers.get("Content-Type") === "application/problem+json", "problem media type");

  const documents = await api.GET("/api/v1/documents/", {
    params: { query: { review: "sample-review-demonstration-content" } },
  });
  const sample = documents.data?.results[0];
  check(documents.data?.count === 1 && sample !== undefined, "listDocuments");
  const id = sample?.id ?? 0;
  const document = await api.GET("/api/v1/documents/{id}/", { params: { path: { id } } });
  check(typeof document.data?.download_url === "string", "getDocument");
  const pdf = await api.GET("/api/v1/documents/{id}/download", {
    params: { path: { id } },
    parseAs: "arrayBuffer",
  });
  const head = new TextDecoder().decode(new Uint8Array(pdf.data ?? new ArrayBuffer(0)).slice(0, 5));
  check(pdf.response.status === 200 && head === "%PDF-", "downloadDocument");

  const leaflets = await api.GET("/api/v1/leaflets/");
  check(leaflets.data?.count === 1, "listLeaflets");
  const leaflet = await api.GET("/api/v1/leaflets/{slug}/", { params: { path: { slug: LEAFLET } } });
  check((leaflet.data?.sections.length ?? 0) > 0, "getLeaflet");
  const fragment = await api.GET("/api/v1/leaflets/{slug}/fragment/", {
    params: { path: { slug: LEAFLET } },
    parseAs: "text",
  });
  check(fragment.response.status === 200 && (fragment.data ?? "").includes("<section"), "getLeafletFragment");

  const contacts = await api.GET("/api/v1/contacts/");
  check((contacts.data?.count ?? 0) >= 1, "listContacts");
  const themes = await api.GET("/api/v1/themes/");
  check((themes.data?.count ?? 0) >= 1, "listThemes");
  const bodies = await api.GET("/api/v1/bodies/");
  check(bodies.data?.count === 2, "listBodies");
  const body = await api.GET("/api/v1/bodies/{slug}/", {
    params: { path: { slug: "stockport-safeguarding-children-board" } },
  });
  check(body.data?.nation === "england", "getBody");
  const agencies = await api.GET("/api/v1/agencies/");
  check((agencies.data?.count ?? 0) >= 10, "listAgencies");
  const changes = await api.GET("/api/v1/changes/");
  check((changes.data?.changes.length ?? 0) >= 1, "listChanges");

  const atom = await api.GET("/feeds/publications.atom", { parseAs: "text" });
  check(atom.response.status === 200 && (atom.data ?? "").includes("<feed"), "getAtomFeed");
  const rss = await api.GET("/feeds/publications.rss", { parseAs: "text" });
  check(rss.response.status === 200 && (rss.data ?? "").includes("<rss"), "getRssFeed");

  const jsonFeed = await api.GET("/feeds/publications.json", { parseAs: "json" });
  check(jsonFeed.response.status === 200 && jsonFeed.data !== undefined, "getJsonFeed");

  const lines = await api.GET("/api/v1/exports/reviews.jsonl", { parseAs: "text" });
  check(lines.response.status === 200 && (lines.data ?? "").split("\n").length > 4, "exportReviewsJsonl");
  const table = await api.GET("/api/v1/exports/reviews.csv", {
    params: { query: { status: "available" } },
    parseAs: "text",
  });
  check(table.response.status === 200 && (table.data ?? "").startsWith("uid,slug,"), "exportReviewsCsv");

  console.log("typescript client: every operation answered as documented");
}

main(process.argv[2] ?? "http://127.0.0.1:8000").catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
