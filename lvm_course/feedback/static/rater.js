/* The rater's form: progress, and the sealed answer code (see lvm_course/feedback/codes.py,
   whose seal() is this function in Python). Plain JavaScript, no library, no network:
   SHA-256 and HMAC are written out below because WebCrypto (crypto.subtle) exists only in
   secure contexts, and a room served over http:// on a local network is not one. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lvm-data").textContent);
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];

  function ror(x, n) { return (x >>> n) | (x << (32 - n)); }

  function sha256(bytes) {
    var H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
             0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var len = bytes.length, n = ((len + 9 + 63) >> 6) << 6, m = new Uint8Array(n), i, j;
    m.set(bytes);
    m[len] = 0x80;
    var bits = len * 8, hi = Math.floor(bits / 0x100000000), lo = bits >>> 0;
    for (i = 0; i < 4; i++) {
      m[n - 8 + i] = (hi >>> (24 - 8 * i)) & 255;
      m[n - 4 + i] = (lo >>> (24 - 8 * i)) & 255;
    }
    var w = new Array(64);
    for (var off = 0; off < n; off += 64) {
      for (i = 0; i < 16; i++) {
        j = off + 4 * i;
        w[i] = (m[j] << 24) | (m[j + 1] << 16) | (m[j + 2] << 8) | m[j + 3];
      }
      for (i = 16; i < 64; i++) {
        var s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (i = 0; i < 64; i++) {
        var t1 = (h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
    var out = new Uint8Array(32);
    for (i = 0; i < 32; i++) out[i] = (H[i >> 2] >>> (24 - 8 * (i & 3))) & 255;
    return out;
  }

  function hmac(key, message) {
    if (key.length > 64) key = sha256(key);
    var inner = new Uint8Array(64 + message.length), outer = new Uint8Array(96), i;
    for (i = 0; i < 64; i++) {
      var k = i < key.length ? key[i] : 0;
      inner[i] = k ^ 0x36;
      outer[i] = k ^ 0x5c;
    }
    inner.set(message, 64);
    outer.set(sha256(inner), 64);
    return sha256(outer);
  }

  function utf8(text) { return new TextEncoder().encode(text); }

  function b64e(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function b64d(text) {
    var s = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "====".slice(0, (4 - text.length % 4) % 4));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  function seal(answers, comment, nonce) {
    var raw = b64d(data.secret);
    var encKey = hmac(raw, utf8("lvm360 seal")), macKey = hmac(raw, utf8("lvm360 mac"));
    if (!nonce) { nonce = new Uint8Array(16); crypto.getRandomValues(nonce); }
    var plain = utf8(JSON.stringify({v: 1, a: answers, c: comment}));
    var body = new Uint8Array(16 + plain.length);
    body.set(nonce);
    for (var block = 0; block * 32 < plain.length; block++) {
      var counter = new Uint8Array(20);
      counter.set(nonce);
      counter[16] = (block >>> 24) & 255; counter[17] = (block >>> 16) & 255;
      counter[18] = (block >>> 8) & 255; counter[19] = block & 255;
      var pad = hmac(encKey, counter);
      for (var j = 0; j < 32 && block * 32 + j < plain.length; j++) {
        body[16 + block * 32 + j] = plain[block * 32 + j] ^ pad[j];
      }
    }
    var signed = "lvm360-1." + data.invitation + "." + b64e(body);
    return signed + "." + b64e(hmac(macKey, utf8(signed)));
  }
  window.lvmSeal = seal;  // for tests: the same code from the same nonce as Python's seal()

  var form = document.getElementById("lvm-form");
  var progress = document.getElementById("progress");
  var status = document.getElementById("status");
  var comment = document.getElementById("comment");

  function answers() {
    var out = "", rated = 0, missing = 0;
    for (var pos = 0; pos < data.count; pos++) {
      var chosen = form.querySelector('input[name="q' + pos + '"]:checked');
      var exists = form.querySelector('input[name="q' + pos + '"]');
      if (chosen) { out += chosen.value; if (chosen.value !== "0") rated++; }
      else { out += "0"; if (exists) missing++; }
    }
    return {text: out, rated: rated, missing: missing};
  }

  function update() {
    var got = answers();
    progress.textContent = (data.shown - got.missing) + " of " + data.shown + " answered";
  }
  form.addEventListener("change", update);
  update();

  document.getElementById("make").addEventListener("click", function () {
    var got = answers(), note = comment.value.trim().slice(0, 1000);
    if (got.rated === 0 && !note) {
      status.textContent = "Choose an answer for at least one statement first.";
      return;
    }
    var code = seal(got.text, note);
    var aside = got.missing ? " " + got.missing + " statement(s) had no answer: they count as \u201c" +
      data.notAble + "\u201d." : "";
    if (data.mode === "room") {
      document.getElementById("code-field").value = code;
      status.textContent = "Sending\u2026" + aside;
      document.getElementById("lvm-send").submit();
      return;
    }
    document.getElementById("code").value = code;
    var file = new Blob([JSON.stringify({kind: "lvm-course-360-answer", code: code}, null, 1) + "\n"],
                        {type: "application/json"});
    var link = document.getElementById("download");
    link.href = URL.createObjectURL(file);
    var result = document.getElementById("result");
    result.hidden = false;
    status.textContent = "Your answer code is ready below." + aside;
    document.getElementById("result-h").focus();
  });

  var copy = document.getElementById("copy");
  if (copy) copy.addEventListener("click", function () {
    var box = document.getElementById("code"), done = document.getElementById("copied");
    box.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    if (!ok && navigator.clipboard) {
      navigator.clipboard.writeText(box.value).then(function () {
        done.textContent = "Copied. Paste it into your email or message.";
      }, function () { done.textContent = "Select the code and copy it by hand."; });
      return;
    }
    done.textContent = ok ? "Copied. Paste it into your email or message." :
      "Select the code and copy it by hand.";
  });
})();
