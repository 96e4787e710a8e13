// Language tabs: choosing a language shows that language's block in every code group on the page,
// and the choice is remembered (localStorage) across reloads.
(function () {
  "use strict";
  var KEY = "paycontract.language";
  var tabs = Array.prototype.slice.call(document.querySelectorAll(".lang-tabs button[data-lang]"));
  var blocks = Array.prototype.slice.call(document.querySelectorAll(".content pre[data-lang]"));
  var languages = tabs.map(function (tab) { return tab.getAttribute("data-lang"); });

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function remember(lang) {
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* storage disabled: choice lasts this visit */ }
  }

  function choose(lang, save) {
    if (languages.indexOf(lang) < 0) { lang = languages[0]; }
    tabs.forEach(function (tab) {
      tab.setAttribute("aria-selected", String(tab.getAttribute("data-lang") === lang));
    });
    blocks.forEach(function (block) { block.hidden = block.getAttribute("data-lang") !== lang; });
    document.documentElement.setAttribute("data-language", lang);
    if (save) { remember(lang); }
  }

  tabs.forEach(function (tab) {
    tab.addEventListener("click", function () { choose(tab.getAttribute("data-lang"), true); });
  });
  if (languages.length) { choose(remembered() || languages[0], false); }

  // Highlight the navigation entry of the section in view.
  var links = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
  var byId = {};
  links.forEach(function (link) { byId[decodeURIComponent(link.getAttribute("href").slice(1))] = link; });
  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting || !byId[entry.target.id]) { return; }
        links.forEach(function (link) { link.classList.remove("active"); });
        byId[entry.target.id].classList.add("active");
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var target = document.getElementById(id);
      if (target) { observer.observe(target); }
    });
  }
})();
