// <case-reviews>: the latest case reviews from this library, in any web page.
// Paste where the list should go (every attribute but body is optional):
//   <case-reviews body="stockport-safeguarding-children-board" limit="5" heading="2">
//     <a href="https://HOST/api/v1/reviews/?body=stockport-safeguarding-children-board">Case reviews</a>
//   </case-reviews>
//   <script src="https://HOST/embed.js" async></script>
// Filters: body, nation, type, theme, q, lifecycle. Without JavaScript, or if the
// library cannot be reached, the link inside stays. No dependencies, no cookies.
(() => {
  const library = new URL(document.currentScript.src).origin;
  const FILTERS = ["body", "nation", "type", "theme", "q", "lifecycle"];

  class CaseReviews extends HTMLElement {
    async connectedCallback() {
      const query = new URLSearchParams();
      for (const name of FILTERS) {
        if (this.getAttribute(name)) query.set(name, this.getAttribute(name));
      }
      query.set("page_size", this.getAttribute("limit") || "5");
      if (this.getAttribute("heading")) query.set("heading", this.getAttribute("heading"));
      try {
        const response = await fetch(`${library}/api/v1/embed/reviews/?${query}`);
        if (!response.ok) return;
        const fragment = document.createElement("template");
        fragment.innerHTML = await response.text(); // sanitised by the library: structure and links only
        this.replaceChildren(fragment.content);
        this.dispatchEvent(new CustomEvent("case-reviews-loaded", { bubbles: true }));
      } catch {
        // offline or blocked: the link stays
      }
    }
  }

  if (!customElements.get("case-reviews")) customElements.define("case-reviews", CaseReviews);
})();
