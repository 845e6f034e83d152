/* Calmline search in the offline zip (file://).
 *
 * Browsers refuse Pagefind's ES module and its fetches from file://. So
 * scripts/offline.py packs the same Pagefind files, and search/calmline.json,
 * into assets/search/offline-bundle.js, a plain script that file:// may load.
 * This loader runs Pagefind from that bundle: pagefind.js is imported from a
 * blob: URL, its fetches under pagefind/ are answered from the bundle, and it
 * runs on the main thread (no worker). On http(s) this file does nothing. Same engine, same index, same query
 * layer as the online site. Nothing is fetched from anywhere.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function bytes(base64) {
    var text = atob(base64), out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }

  window.CalmlineOfflineSearch = function (root) {
    return loadScript(new URL("assets/search/offline-bundle.js", root).href).then(function () {
      var bundle = window.CalmlineOfflineBundle;
      var base = new URL("pagefind/", root).href;
      var realFetch = window.fetch.bind(window);
      window.fetch = function (input, init) {
        // Pagefind strips location.origin ("file://") from its base path: resolve first.
        var url = new URL(typeof input === "string" ? input : (input && input.url) || String(input), location.href).href;
        if (url.indexOf(base) !== 0) return realFetch(input, init);
        var name = url.slice(base.length).split(/[?#]/)[0];
        if (!Object.prototype.hasOwnProperty.call(bundle.files, name)) {
          return Promise.reject(new Error("Calmline offline search: " + name + " is not in the bundle"));
        }
        var type = /\.pagefind$/.test(name) ? "application/wasm" : "application/octet-stream";
        return Promise.resolve(new Response(bytes(bundle.files[name]), { headers: { "Content-Type": type } }));
      };
      var module = URL.createObjectURL(new Blob([bundle.pagefind], { type: "text/javascript" }));
      return import(module).then(function (pagefind) {
        return { pagefind: pagefind, data: bundle.data, basePath: base, noWorker: true };
      });
    });
  };
})();
