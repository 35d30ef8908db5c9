// The `pm` sandbox of the client's script runtime: the objects Postman
// gives a script (`pm`, the legacy `postman`, `request`, `responseBody`,
// `tests`, ...), `CryptoJS`, `crypto.subtle`'s HMAC, `btoa`/`atob`,
// `TextEncoder`, `Buffer.from` and `console`. Written for this crate, on
// one native function, `__host(op, a, b, c)`, that reads and writes the
// client's variables, logs, and computes hashes with RustCrypto (bytes
// cross as hex). The request comes in as `__input` (JSON); `__output()`
// says what the script left.

var __in = JSON.parse(__input);
var __state = { finished: false, error: null, tests: [] };

function __text(value) {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// ---- bytes and encodings ----------------------------------------------

function __utf8(text) {
  var out = [];
  var str = String(text);
  for (var i = 0; i < str.length; i++) {
    var c = str.codePointAt(i);
    if (c > 0xffff) i++;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

function __fromUtf8(bytes) {
  var out = '';
  for (var i = 0; i < bytes.length; ) {
    var b = bytes[i++];
    var c;
    if (b < 0x80) c = b;
    else if (b < 0xe0) c = ((b & 31) << 6) | (bytes[i++] & 63);
    else if (b < 0xf0) c = ((b & 15) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
    else c = ((b & 7) << 18) | ((bytes[i++] & 63) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
    out += String.fromCodePoint(c);
  }
  return out;
}

function __hex(bytes) {
  var out = '';
  for (var i = 0; i < bytes.length; i++) out += (bytes[i] & 255).toString(16).padStart(2, '0');
  return out;
}

function __unhex(text) {
  var out = [];
  for (var i = 0; i + 1 < text.length; i += 2) out.push(parseInt(text.substr(i, 2), 16));
  return out;
}

var __B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function __base64(bytes) {
  var out = '';
  for (var i = 0; i < bytes.length; i += 3) {
    var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
    out += __B64[(n >> 18) & 63] + __B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? __B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? __B64[n & 63] : '=';
  }
  return out;
}

function __unbase64(text) {
  var clean = String(text).replace(/[^A-Za-z0-9+/\-_]/g, '');
  var out = [];
  var bits = 0;
  var value = 0;
  for (var i = 0; i < clean.length; i++) {
    var ch = clean[i] === '-' ? '+' : clean[i] === '_' ? '/' : clean[i];
    value = (value << 6) | __B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 255);
    }
  }
  return out;
}

function __latin1(text) {
  var out = [];
  var str = String(text);
  for (var i = 0; i < str.length; i++) out.push(str.charCodeAt(i) & 255);
  return out;
}

function __fromLatin1(bytes) {
  var out = '';
  for (var i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

// Bytes of whatever a script passes as data: text (UTF-8), arrays, buffers.
function __bytesOf(data) {
  if (data === undefined || data === null) return [];
  if (data instanceof __WordArray) return data.bytes.slice();
  if (data instanceof ArrayBuffer) return Array.from(new Uint8Array(data));
  if (ArrayBuffer.isView(data)) return Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  if (Array.isArray(data)) return data.slice();
  if (data && data.__buffer) return data.bytes.slice();
  return __utf8(String(data));
}

function btoa(text) {
  var str = String(text);
  for (var i = 0; i < str.length; i++) {
    if (str.charCodeAt(i) > 255) throw new Error('btoa: the text has a character outside Latin-1');
  }
  return __base64(__latin1(str));
}

function atob(text) {
  return __fromLatin1(__unbase64(text));
}

class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(text) { return new Uint8Array(__utf8(text === undefined ? '' : text)); }
}

class TextDecoder {
  decode(bytes) { return __fromUtf8(__bytesOf(bytes)); }
}

var Buffer = {
  from: function (value, encoding) {
    var enc = String(encoding || 'utf8').toLowerCase();
    var bytes;
    if (typeof value !== 'string') bytes = __bytesOf(value);
    else if (enc === 'base64') bytes = __unbase64(value);
    else if (enc === 'hex') bytes = __unhex(value);
    else if (enc === 'latin1' || enc === 'binary' || enc === 'ascii') bytes = __latin1(value);
    else bytes = __utf8(value);
    return {
      __buffer: true,
      bytes: bytes,
      length: bytes.length,
      toString: function (to) {
        var out = String(to || 'utf8').toLowerCase();
        if (out === 'base64') return __base64(this.bytes);
        if (out === 'hex') return __hex(this.bytes);
        if (out === 'latin1' || out === 'binary' || out === 'ascii') return __fromLatin1(this.bytes);
        return __fromUtf8(this.bytes);
      },
    };
  },
};

// ---- CryptoJS (hashes and HMACs natively; encoders here) ---------------

class __WordArray {
  constructor(bytes) { this.bytes = bytes || []; }
  get sigBytes() { return this.bytes.length; }
  toString(encoder) { return (encoder || CryptoJS.enc.Hex).stringify(this); }
  concat(other) { this.bytes = this.bytes.concat(__bytesOf(other)); return this; }
  clone() { return new __WordArray(this.bytes.slice()); }
}

var CryptoJS = {
  lib: { WordArray: { create: function (bytes) { return new __WordArray(__bytesOf(bytes)); } } },
  enc: {
    Hex: { stringify: function (w) { return __hex(w.bytes); }, parse: function (s) { return new __WordArray(__unhex(String(s))); } },
    Base64: { stringify: function (w) { return __base64(w.bytes); }, parse: function (s) { return new __WordArray(__unbase64(s)); } },
    Utf8: { stringify: function (w) { return __fromUtf8(w.bytes); }, parse: function (s) { return new __WordArray(__utf8(s)); } },
    Latin1: { stringify: function (w) { return __fromLatin1(w.bytes); }, parse: function (s) { return new __WordArray(__latin1(s)); } },
  },
};
CryptoJS.enc.Utf16 = CryptoJS.enc.Utf8;

[['MD5', 'md5'], ['SHA1', 'sha1'], ['SHA224', 'sha224'], ['SHA256', 'sha256'], ['SHA384', 'sha384'], ['SHA512', 'sha512']].forEach(function (pair) {
  var name = pair[0];
  var algorithm = pair[1];
  CryptoJS[name] = function (message) {
    return new __WordArray(__unhex(__host('digest', algorithm, __hex(__bytesOf(message)), '')));
  };
  CryptoJS['Hmac' + name] = function (message, key) {
    return new __WordArray(__unhex(__host('hmac', algorithm, __hex(__bytesOf(key)), __hex(__bytesOf(message)))));
  };
});

// ---- WebCrypto: HMAC sign and digests ----------------------------------

var crypto = {
  subtle: {
    importKey: async function (format, keyData, algorithm) {
      if (format !== 'raw') throw new Error("crypto.subtle.importKey: only the 'raw' format is supported");
      var hash = algorithm && algorithm.hash;
      return { type: 'secret', algorithm: { name: algorithm.name, hash: { name: (hash && hash.name) || hash } }, __bytes: __bytesOf(keyData) };
    },
    sign: async function (algorithm, key, data) {
      var name = String((algorithm && algorithm.name) || algorithm).toUpperCase();
      if (name !== 'HMAC') throw new Error('crypto.subtle.sign: only HMAC is supported, not ' + name);
      var mac = __host('hmac', key.algorithm.hash.name, __hex(key.__bytes), __hex(__bytesOf(data)));
      if (mac == null) throw new Error('crypto.subtle.sign: unknown hash ' + key.algorithm.hash.name);
      return new Uint8Array(__unhex(mac)).buffer;
    },
    digest: async function (algorithm, data) {
      var name = (algorithm && algorithm.name) || algorithm;
      var hash = __host('digest', String(name), __hex(__bytesOf(data)), '');
      if (hash == null) throw new Error('crypto.subtle.digest: unknown hash ' + name);
      return new Uint8Array(__unhex(hash)).buffer;
    },
  },
  getRandomValues: function (array) {
    for (var i = 0; i < array.length; i++) array[i] = Math.floor(Math.random() * 256);
    return array;
  },
};

// Postman's sandbox extends Date with Sugar's `addDays` and the like (scripts
// of the corpus call `new Date().addDays(7)`); they change the date and return it.
[['Milliseconds', 1], ['Seconds', 1000], ['Minutes', 60000], ['Hours', 3600000], ['Days', 86400000], ['Weeks', 604800000]].forEach(function (pair) {
  Object.defineProperty(Date.prototype, 'add' + pair[0], {
    value: function (n) { this.setTime(this.getTime() + Number(n) * pair[1]); return this; },
    configurable: true, writable: true,
  });
});
Object.defineProperty(Date.prototype, 'addMonths', {
  value: function (n) { this.setUTCMonth(this.getUTCMonth() + Number(n)); return this; }, configurable: true, writable: true,
});
Object.defineProperty(Date.prototype, 'addYears', {
  value: function (n) { this.setUTCFullYear(this.getUTCFullYear() + Number(n)); return this; }, configurable: true, writable: true,
});

// ---- console and require -----------------------------------------------

function __log(level) {
  return function () {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(typeof arguments[i] === 'string' ? arguments[i] : __text(arguments[i]));
    __host('log', level, parts.join(' '), '');
  };
}

var console = { log: __log('info'), info: __log('info'), warn: __log('warn'), error: __log('error'), debug: __log('debug'), trace: __log('debug') };

// The lodash functions the corpus's scripts call (`_.get`, `_.has`, `_.each`, `_.keys`, ...).
function __pathOf(path) {
  return Array.isArray(path) ? path : String(path).replace(/\[(\w+)\]/g, '.$1').split('.').filter(function (p) { return p !== ''; });
}
var _ = {
  get: function (object, path, fallback) {
    var value = __pathOf(path).reduce(function (at, key) { return at === undefined || at === null ? undefined : at[key]; }, object);
    return value === undefined ? fallback : value;
  },
  has: function (object, path) {
    var at = object;
    return __pathOf(path).every(function (key) {
      var ok = at !== undefined && at !== null && Object.prototype.hasOwnProperty.call(Object(at), key);
      at = ok ? at[key] : undefined;
      return ok;
    });
  },
  each: function (collection, fn) {
    if (Array.isArray(collection)) collection.forEach(function (v, i) { fn(v, i, collection); });
    else Object.keys(collection || {}).forEach(function (k) { fn(collection[k], k, collection); });
    return collection;
  },
  keys: function (object) { return Object.keys(Object(object)); },
  values: function (object) { return Object.values(Object(object)); },
  isEmpty: function (v) { return v === null || v === undefined || (typeof v === 'object' ? Object.keys(v).length === 0 : String(v).length === 0); },
  isArray: Array.isArray,
  isString: function (v) { return typeof v === 'string'; },
  isObject: function (v) { return v !== null && (typeof v === 'object' || typeof v === 'function'); },
  map: function (c, fn) { return Array.isArray(c) ? c.map(fn) : Object.keys(c || {}).map(function (k) { return fn(c[k], k); }); },
  find: function (c, fn) { return (c || []).find(fn); },
  filter: function (c, fn) { return (c || []).filter(fn); },
};
_.forEach = _.each;

// The `moment` calls the corpus's scripts make (create, parse, add,
// subtract, startOf, endOf, format, compare, utcOffset), in UTC or at a fixed
// offset a script sets with `utcOffset`: a client has no time zone.
var __UNITS = { millisecond: 1, second: 1000, minute: 60000, hour: 3600000, day: 86400000, week: 604800000 };
function __unit(unit) {
  var u = String(unit || 'millisecond').toLowerCase().replace(/s$/, '');
  return { ms: 'millisecond', m: 'minute', h: 'hour', d: 'day', w: 'week', y: 'year', M: 'month' }[unit] || u;
}
class __Moment {
  constructor(ms, offset) { this.__ms = ms; this.__offset = offset || 0; }
  __date() { return new Date(this.__ms); }
  // The wall-clock time at the offset, read with the UTC getters.
  __local() { return new Date(this.__ms + this.__offset * 60000); }
  __setLocal(d) { this.__ms = d.getTime() - this.__offset * 60000; }
  clone() { return new __Moment(this.__ms, this.__offset); }
  // As moment: minutes, or hours when between -16 and 16; a string `+05:30`,
  // `-0800` or `Z`. A string it cannot read leaves the moment as it is.
  utcOffset(value) {
    if (value === undefined) return this.__offset;
    var minutes;
    if (typeof value === 'number') minutes = Math.abs(value) < 16 ? value * 60 : value;
    else {
      var m = /([+-]|\d\d)(\d\d)?:?(\d\d)?\s*$/.exec(String(value).trim());
      if (String(value).trim().toUpperCase() === 'Z') minutes = 0;
      else if (m && /^[+-]/.test(m[1])) minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2] || 0) * 60 + Number(m[3] || 0));
      else return this;
    }
    this.__offset = minutes;
    return this;
  }
  add(amount, unit) {
    var u = __unit(unit);
    var n = Number(amount);
    if (u === 'month' || u === 'year') {
      // As moment: the 31st plus a month is the last day of the next month.
      var d = this.__local();
      var day = d.getUTCDate();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + (u === 'year' ? 12 * n : n));
      var last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      d.setUTCDate(Math.min(day, last));
      this.__setLocal(d);
    } else {
      this.__ms += n * (__UNITS[u] || 0);
    }
    return this;
  }
  subtract(amount, unit) { return this.add(-Number(amount), unit); }
  startOf(unit) {
    var d = this.__local();
    var u = __unit(unit);
    if (u === 'year') d.setUTCMonth(0, 1);
    if (u === 'year' || u === 'month') d.setUTCDate(u === 'month' ? 1 : d.getUTCDate());
    if (u === 'year' || u === 'month' || u === 'day') d.setUTCHours(0, 0, 0, 0);
    if (u === 'hour') d.setUTCMinutes(0, 0, 0);
    if (u === 'minute') d.setUTCSeconds(0, 0);
    if (u === 'second') d.setUTCMilliseconds(0);
    this.__setLocal(d);
    return this;
  }
  endOf(unit) { return this.startOf(unit).add(1, unit).subtract(1, 'millisecond'); }
  format(pattern) {
    var d = this.__local();
    var pad = function (n, w) { return String(n).padStart(w || 2, '0'); };
    var off = Math.abs(this.__offset);
    var sign = this.__offset < 0 ? '-' : '+';
    var tokens = {
      YYYY: d.getUTCFullYear(), YY: pad(d.getUTCFullYear() % 100), MM: pad(d.getUTCMonth() + 1), M: d.getUTCMonth() + 1,
      DD: pad(d.getUTCDate()), D: d.getUTCDate(), HH: pad(d.getUTCHours()), H: d.getUTCHours(), mm: pad(d.getUTCMinutes()),
      m: d.getUTCMinutes(), ss: pad(d.getUTCSeconds()), s: d.getUTCSeconds(), SSS: pad(d.getUTCMilliseconds(), 3),
      ZZ: sign + pad(Math.floor(off / 60)) + pad(off % 60), Z: sign + pad(Math.floor(off / 60)) + ':' + pad(off % 60), X: Math.floor(this.__ms / 1000), x: this.__ms,
    };
    if (pattern === undefined) return this.format('YYYY-MM-DDTHH:mm:ssZ');
    return String(pattern).replace(/\[([^\]]*)\]|YYYY|YY|SSS|MM|DD|HH|mm|ss|ZZ|M|D|H|m|s|Z|X|x/g, function (token, literal) {
      return literal !== undefined ? literal : String(tokens[token]);
    });
  }
  toISOString() { return this.__date().toISOString(); }
  toDate() { return this.__date(); }
  toJSON() { return this.toISOString(); }
  toString() { return this.__date().toUTCString(); }
  valueOf() { return this.__ms; }
  unix() { return Math.floor(this.__ms / 1000); }
  utc() { this.__offset = 0; return this; }
  local() { this.__offset = 0; return this; }
  isValid() { return !isNaN(this.__ms); }
  isBefore(other) { return this.__ms < moment(other).__ms; }
  isAfter(other) { return this.__ms > moment(other).__ms; }
  isSame(other) { return this.__ms === moment(other).__ms; }
  diff(other, unit) { return Math.trunc((this.__ms - moment(other).__ms) / (__UNITS[__unit(unit)] || 1)); }
}
function moment(input) {
  if (input instanceof __Moment) return input.clone();
  if (input === undefined || input === null) return new __Moment(Date.now());
  if (input instanceof Date || typeof input === 'number') return new __Moment(Number(input));
  var text = String(input);
  // A date without a time or zone is UTC midnight, as in the rest of this sandbox.
  var ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(text + 'T00:00:00Z') : Date.parse(text);
  return new __Moment(ms);
}
moment.utc = moment;
moment.unix = function (seconds) { return new __Moment(Number(seconds) * 1000); };
moment.isMoment = function (value) { return value instanceof __Moment; };

function require(name) {
  if (name === 'crypto-js') return CryptoJS;
  if (name === 'moment') return moment;
  if (name === 'lodash') return _;
  if (name === 'btoa') return btoa;
  if (name === 'atob') return atob;
  throw new Error("require('" + name + "') is not available in the client's script sandbox (it has 'crypto-js', 'moment' and 'lodash' (in part), 'btoa' and 'atob')");
}

function __unsupported(what) {
  return function () {
    throw new Error(what + " is not supported by the client's script runtime");
  };
}

// ---- property lists (query, headers, form fields) ----------------------

class __PropertyList {
  constructor(items, caseless) {
    this.caseless = !!caseless;
    this.members = [];
    this.populate(items);
  }
  __same(a, b) { return this.caseless ? String(a).toLowerCase() === String(b).toLowerCase() : String(a) === String(b); }
  __item(item) {
    if (typeof item === 'string') {
      var at = this.caseless ? item.indexOf(':') : item.indexOf('=');
      return at < 0 ? { key: item.trim(), value: this.caseless ? '' : null } : { key: item.slice(0, at).trim(), value: item.slice(at + 1).trim() };
    }
    return item;
  }
  populate(items) {
    if (typeof items === 'string') {
      var self = this;
      items = this.caseless ? items.split('\n') : items.split('&');
      items = items.filter(function (i) { return i.length > 0; }).map(function (i) { return self.__item(i); });
    }
    if (items && items.members) items = items.members;
    (items || []).forEach(function (item) { this.add(item); }, this);
  }
  repopulate(items) { this.clear(); this.populate(items); }
  add(item) { if (item !== undefined && item !== null) this.members.push(this.__item(item)); }
  append(item) { this.add(item); }
  prepend(item) { this.members.unshift(this.__item(item)); }
  upsert(item) {
    item = this.__item(item);
    var existing = this.one(item.key);
    if (existing) { Object.assign(existing, item); return false; }
    this.add(item);
    return true;
  }
  remove(predicate) {
    var self = this;
    var test = typeof predicate === 'function' ? predicate
      : function (item) { return self.__same(item.key, predicate && predicate.key !== undefined ? predicate.key : predicate); };
    this.members = this.members.filter(function (item) { return !test(item); });
  }
  clear() { this.members = []; }
  one(key) {
    for (var i = this.members.length - 1; i >= 0; i--) if (this.__same(this.members[i].key, key)) return this.members[i];
    return undefined;
  }
  get(key) {
    var item = this.members.find(function (m) { return !m.disabled && this.__same(m.key, key); }, this);
    return item ? item.value : undefined;
  }
  has(key, value) {
    return this.members.some(function (m) { return this.__same(m.key, key) && (value === undefined || m.value === value); }, this);
  }
  all() { return this.members.slice(); }
  count() { return this.members.length; }
  idx(index) { return this.members[index]; }
  indexOf(item) { return this.members.indexOf(item); }
  each(fn, context) { this.members.forEach(fn, context); }
  map(fn, context) { return this.members.map(fn, context); }
  filter(fn, context) { return this.members.filter(fn, context); }
  find(fn, context) { return this.members.find(fn, context); }
  reduce(fn, start) { return this.members.reduce(fn, start); }
  toObject() {
    var out = {};
    this.members.forEach(function (m) { if (!m.disabled) out[m.key] = m.value; });
    return out;
  }
  toJSON() { return this.members; }
  toString() {
    if (this.caseless) return this.members.filter(function (m) { return !m.disabled; }).map(function (m) { return m.key + ': ' + __text(m.value); }).join('\n');
    return this.members.filter(function (m) { return !m.disabled; })
      .map(function (m) { return m.value === null || m.value === undefined ? m.key : m.key + '=' + __text(m.value); }).join('&');
  }
  [Symbol.iterator]() { return this.members[Symbol.iterator](); }
  get length() { return this.members.length; }
}

// ---- the request --------------------------------------------------------

class __Url {
  constructor(url) {
    this.protocol = url.protocol;
    this.host = url.host;
    this.port = url.port;
    this.path = url.path;
    this.__query = new __PropertyList(url.query, false);
    this.hash = url.hash;
  }
  get query() { return this.__query; }
  set query(value) { this.__query = value instanceof __PropertyList ? value : new __PropertyList(value, false); }
  getHost() { return Array.isArray(this.host) ? this.host.join('.') : __text(this.host); }
  getPath() {
    var path = Array.isArray(this.path) ? this.path.join('/') : __text(this.path);
    return '/' + path.replace(/^\//, '');
  }
  getQueryString() { return this.__query.toString(); }
  getPathWithQuery() { var q = this.getQueryString(); return this.getPath() + (q ? '?' + q : ''); }
  addQueryParams(params) { this.__query.populate(params); }
  removeQueryParams(keys) { [].concat(keys).forEach(function (k) { this.__query.remove(k); }, this); }
  update(text) {
    var rest = String(text);
    var scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
    this.protocol = scheme ? scheme[1] : undefined;
    if (scheme) rest = rest.slice(scheme[0].length);
    var hash = rest.indexOf('#');
    this.hash = hash < 0 ? undefined : rest.slice(hash + 1);
    if (hash >= 0) rest = rest.slice(0, hash);
    var q = rest.indexOf('?');
    this.query = q < 0 ? [] : rest.slice(q + 1);
    if (q >= 0) rest = rest.slice(0, q);
    var slash = rest.indexOf('/');
    var authority = slash < 0 ? rest : rest.slice(0, slash);
    var port = /:(\d+)$/.exec(authority);
    this.port = port ? port[1] : undefined;
    this.host = (port ? authority.slice(0, port.index) : authority).split('.');
    this.path = slash < 0 ? [] : rest.slice(slash + 1).split('/');
  }
  toString() {
    var host = this.getHost();
    // A host set to a whole origin (`pm.request.url.host = ['https://h:8080']`) carries its own scheme and port.
    var origin = host.indexOf('://') >= 0;
    var out = '';
    if (this.protocol && !origin) out += String(this.protocol).replace(/:$/, '') + '://';
    out += host;
    if (this.port && !origin) out += ':' + this.port;
    var path = Array.isArray(this.path) ? this.path.join('/') : __text(this.path);
    if (path) out += '/' + path.replace(/^\//, '');
    var query = this.getQueryString();
    if (query) out += '?' + query;
    if (this.hash) out += '#' + this.hash;
    return out;
  }
  toJSON() {
    return { protocol: this.protocol, host: this.host, port: this.port, path: this.path, query: this.__query.members, hash: this.hash };
  }
}

function __body(body) {
  if (!body) return null;
  var out = { mode: body.mode, raw: body.raw, urlencoded: new __PropertyList(body.urlencoded || [], false) };
  out.update = function (value) {
    if (typeof value === 'string') { this.mode = 'raw'; this.raw = value; return; }
    if (value && value.mode) this.mode = value.mode;
    if (value && value.raw !== undefined) this.raw = value.raw;
    if (value && value.urlencoded) this.urlencoded = new __PropertyList(value.urlencoded, false);
  };
  out.isEmpty = function () { return this.mode === 'urlencoded' ? this.urlencoded.count() === 0 : !this.raw; };
  out.toString = function () { return this.mode === 'urlencoded' ? this.urlencoded.toString() : __text(this.raw); };
  out.toJSON = function () { return { mode: this.mode, raw: this.raw, urlencoded: this.urlencoded.members }; };
  return out;
}

class __Request {
  constructor(view) {
    this.method = view.method;
    this.url = new __Url(view.url);
    this.headers = new __PropertyList(view.header, true);
    this.body = __body(view.body);
    this.name = __in.info.requestName;
    this.id = __in.info.requestId;
  }
  addHeader(header) { this.headers.add(header); }
  removeHeader(key) { this.headers.remove(key); }
  upsertHeader(header) { this.headers.upsert(header); }
  getHeaders() { return this.headers.toObject(); }
}

// ---- the response and assertions ----------------------------------------

class __AssertionError extends Error {
  constructor(message) { super(message); this.name = 'AssertionError'; }
}

function __deepEqual(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

class __Assertion {
  constructor(value, negate) { this.value = value; this.negate = !!negate; }
  __check(ok, message) {
    if (this.negate ? ok : !ok) throw new __AssertionError((this.negate ? 'expected not: ' : 'expected: ') + message);
    return this;
  }
  get not() { return new __Assertion(this.value, !this.negate); }
  get ok() { return this.__check(!!this.value, __text(this.value) + ' to be truthy'); }
  get true() { return this.__check(this.value === true, __text(this.value) + ' to be true'); }
  get false() { return this.__check(this.value === false, __text(this.value) + ' to be false'); }
  get null() { return this.__check(this.value === null, __text(this.value) + ' to be null'); }
  get undefined() { return this.__check(this.value === undefined, 'value to be undefined'); }
  get exist() { return this.__check(this.value !== null && this.value !== undefined, 'value to exist'); }
  get empty() {
    var v = this.value;
    var empty = v === '' || (Array.isArray(v) && v.length === 0) || (v && typeof v === 'object' && Object.keys(v).length === 0);
    return this.__check(empty, __text(v) + ' to be empty');
  }
  equal(expected) { return this.__check(this.value === expected, __text(this.value) + ' to equal ' + __text(expected)); }
  eql(expected) { return this.__check(__deepEqual(this.value, expected), __text(this.value) + ' to deeply equal ' + __text(expected)); }
  above(n) { return this.__check(this.value > n, this.value + ' to be above ' + n); }
  below(n) { return this.__check(this.value < n, this.value + ' to be below ' + n); }
  least(n) { return this.__check(this.value >= n, this.value + ' to be at least ' + n); }
  most(n) { return this.__check(this.value <= n, this.value + ' to be at most ' + n); }
  a(type) {
    var actual = Array.isArray(this.value) ? 'array' : this.value === null ? 'null' : typeof this.value;
    return this.__check(actual === String(type).toLowerCase(), __text(this.value) + ' to be a ' + type);
  }
  include(part) {
    var v = this.value;
    var has = typeof v === 'string' || Array.isArray(v) ? v.indexOf(part) >= 0
      : v && typeof v === 'object' && part && typeof part === 'object' ? Object.keys(part).every(function (k) { return __deepEqual(v[k], part[k]); }) : false;
    return this.__check(has, __text(v) + ' to include ' + __text(part));
  }
  property(name, expected) {
    var v = this.value;
    var has = v !== null && v !== undefined && Object.prototype.hasOwnProperty.call(Object(v), name);
    if (arguments.length > 1) has = has && __deepEqual(v[name], expected);
    return this.__check(has, 'property ' + name);
  }
  lengthOf(n) { return this.__check(this.value && this.value.length === n, 'length ' + n); }
  match(re) { return this.__check(re.test(String(this.value)), __text(this.value) + ' to match ' + re); }
  oneOf(list) { return this.__check(list.indexOf(this.value) >= 0, __text(this.value) + ' to be one of ' + __text(list)); }
  keys() {
    var wanted = Array.isArray(arguments[0]) ? arguments[0] : Array.from(arguments);
    var v = Object(this.value);
    return this.__check(wanted.every(function (k) { return k in v; }), 'keys ' + wanted.join(', '));
  }
  status(code) { return this.__check(this.value && this.value.code === code, 'status ' + code); }
  header(name, value) {
    var headers = this.value && this.value.headers;
    var has = headers && headers.has(name) && (value === undefined || headers.get(name) === value);
    return this.__check(!!has, 'header ' + name);
  }
  jsonBody(path) { var body = this.value.json(); return this.__check(path === undefined || body[path] !== undefined, 'a JSON body'); }
  body(text) { return this.__check(text === undefined ? !!this.value.text() : this.value.text() === text, 'body'); }
  get json() {
    var ok;
    try { this.value.json(); ok = true; } catch (e) { ok = false; }
    return this.__check(ok, 'a JSON body');
  }
  get success() { return this.__check(this.value.code >= 200 && this.value.code < 300, 'a 2xx status'); }
}
['to', 'be', 'been', 'is', 'that', 'which', 'and', 'has', 'have', 'with', 'at', 'of', 'same', 'deep', 'any', 'all', 'own', 'nested', 'does', 'but'].forEach(function (word) {
  Object.defineProperty(__Assertion.prototype, word, { get: function () { return this; }, configurable: true });
});
Object.assign(__Assertion.prototype, {
  equals: __Assertion.prototype.equal, eq: __Assertion.prototype.equal, eqls: __Assertion.prototype.eql,
  gt: __Assertion.prototype.above, greaterThan: __Assertion.prototype.above, lt: __Assertion.prototype.below, lessThan: __Assertion.prototype.below,
  gte: __Assertion.prototype.least, lte: __Assertion.prototype.most, an: __Assertion.prototype.a,
  includes: __Assertion.prototype.include, contain: __Assertion.prototype.include, contains: __Assertion.prototype.include,
  length: __Assertion.prototype.lengthOf, haveOwnProperty: __Assertion.prototype.property,
});

function __response(view) {
  if (!view) return undefined;
  var response = {
    code: view.code,
    status: view.status,
    headers: new __PropertyList(view.header, true),
    responseTime: view.responseTime || 0,
    responseSize: view.body.length,
    cookies: new __PropertyList(view.cookies || [], false),
    text: function () { return view.body; },
    json: function () { return JSON.parse(view.body); },
    reason: function () { return view.status; },
  };
  Object.defineProperty(response, 'to', { get: function () { return new __Assertion(response, false); } });
  return response;
}

// ---- pm.sendRequest -----------------------------------------------------
// The engine cannot wait for the network while a script runs, so a call is
// queued: when the script's synchronous run ends the client sends the queued
// requests (`__takeSends`) and hands the answers back (`__deliverSends`),
// which calls each callback (or settles each promise) and may queue more.

var __sends = [];

function __sendSpec(req) {
  if (typeof req === 'string' || req instanceof __Url) req = { url: req };
  if (!req || req.url === undefined || req.url === null) throw new Error('pm.sendRequest needs a URL or {url, method, header, body}');
  var url = typeof req.url === 'string' ? req.url : req.url.toString();
  var header = [];
  var h = req.header || req.headers;
  if (h && (Array.isArray(h) || h.members || typeof h === 'string')) {
    header = new __PropertyList(h, true).members;
  } else if (h && typeof h === 'object') {
    header = Object.keys(h).map(function (k) { return { key: k, value: h[k] }; });
  }
  var body = null;
  var b = req.body;
  if (typeof b === 'string') b = { mode: 'raw', raw: b };
  if (b && b.mode === 'raw') body = { mode: 'raw', raw: __text(b.raw) };
  else if (b && b.mode === 'urlencoded') {
    body = { mode: 'urlencoded', urlencoded: new __PropertyList(b.urlencoded || [], false).members
      .filter(function (p) { return !p.disabled; })
      .map(function (p) { return { key: __text(p.key), value: __text(p.value) }; }) };
  } else if (b && b.mode === 'formdata') {
    body = { mode: 'formdata', formdata: new __PropertyList(b.formdata || [], false).members
      .filter(function (p) { return !p.disabled; })
      .map(function (p) {
        var part = { key: __text(p.key), value: p.value === undefined || p.value === null ? '' : __text(p.value), type: p.type === 'file' ? 'file' : 'text' };
        if (p.contentType) part.contentType = __text(p.contentType);
        return part;
      }) };
  } else if (b && b.mode) throw new Error("pm.sendRequest: body mode '" + b.mode + "' is not supported (raw, urlencoded and formdata are)");
  return {
    url: url,
    method: String(req.method || 'GET').toUpperCase(),
    header: header.filter(function (x) { return !x.disabled; }).map(function (x) { return { key: __text(x.key), value: __text(x.value) }; }),
    body: body,
  };
}

function __sendRequest(req, callback) {
  var entry = { request: __sendSpec(req), callback: typeof callback === 'function' ? callback : null };
  __sends.push(entry);
  if (entry.callback) return undefined;
  // Without a callback, a promise of the response (`await pm.sendRequest(..)`).
  return new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
}

function __takeSends() {
  __inFlight = __sends;
  __sends = [];
  return JSON.stringify(__inFlight.map(function (e) { return e.request; }));
}

var __inFlight = [];

function __deliverSends(answers) {
  var results = JSON.parse(answers);
  var entries = __inFlight;
  __inFlight = [];
  entries.forEach(function (entry, i) {
    var result = results[i];
    var error = result.error ? new Error(result.error) : null;
    var response = error ? undefined : __response(result);
    if (entry.callback) {
      try {
        entry.callback(error, response);
      } catch (e) {
        if (!__state.error) __finish(e);
      }
    } else if (error) {
      entry.reject(error);
    } else {
      entry.resolve(response);
    }
  });
}

// ---- variables ----------------------------------------------------------

function __scope(scope) {
  return {
    // Values keep their type, as in Postman: a number set is a number got.
    get: function (name) { var v = __host('get', scope, __text(name), ''); return v == null ? undefined : JSON.parse(v); },
    set: function (name, value) {
      var target = scope === 'any' ? 'local' : scope;
      var json = typeof value === 'string' || value === undefined ? undefined : JSON.stringify(value);
      // Requests render `String(value)`, as Postman does (`[object Object]` for an object).
      var refused = json === undefined
        ? __host('set', target, __text(name), __text(value))
        : __host('setTyped', target, __text(name), JSON.stringify([String(value), json]));
      if (refused != null) throw new Error("variable '" + name + "': the value is " + refused);
    },
    unset: function (name) { __host('unset', scope === 'any' ? 'local' : scope, __text(name), ''); },
    has: function (name) { return __host('has', scope, __text(name), '') != null; },
    toObject: function () { return JSON.parse(__host('all', scope, '', '')); },
    replaceIn: function (text) {
      var self = this;
      return String(text).replace(/\{\{([^{}]+)\}\}/g, function (whole, name) { var v = self.get(name); return v === undefined ? whole : String(v); });
    },
    clear: function () { var all = this.toObject(); Object.keys(all).forEach(this.unset, this); },
  };
}

// ---- pm -----------------------------------------------------------------

var __request = __in.request ? new __Request(__in.request) : undefined;
var __initialUrl = __request ? __request.url.toString() : '';
var __initialBody = __request ? JSON.stringify(__request.body) : '';

var pm = {
  info: __in.info,
  variables: __scope('any'),
  environment: Object.assign(__scope('environment'), { name: '' }),
  collectionVariables: __scope('collection'),
  globals: __scope('globals'),
  iterationData: { get: function () { return undefined; }, has: function () { return false; }, toObject: function () { return {}; } },
  request: __request,
  response: __response(__in.response),
  // The cookies the response set (a test script's; none before the request):
  // the client keeps no jar, so `jar()` is not there.
  cookies: Object.assign(new __PropertyList(__in.response ? __in.response.cookies || [] : [], false), {
    jar: __unsupported('pm.cookies.jar (the client keeps no cookie jar)'),
  }),
  test: function (name, fn) {
    var record = function (passed, error) {
      __state.tests.push({ name: String(name), passed: passed, error: error ? String(error.message || error) : null });
    };
    try {
      var result = fn && fn();
      if (result && typeof result.then === 'function') result.then(function () { record(true); }, function (e) { record(false, e); });
      else record(true);
    } catch (e) {
      record(false, e);
    }
  },
  expect: function (value) { return new __Assertion(value, false); },
  sendRequest: __sendRequest,
  visualizer: { set: function () {} },
  execution: {
    setNextRequest: __setNextRequest,
    skipRequest: __skipRequest,
    runRequest: __unsupported('pm.execution.runRequest (a client runs one operation per call; call the operation from Rust)'),
  },
  require: function (name) {
    // `pm.require('npm:name@version')` or a package of a Postman team's library:
    // neither is in the collection, and the sandbox fetches nothing.
    if (['crypto-js', 'moment', 'lodash', 'btoa', 'atob'].indexOf(name) >= 0) return require(name);
    throw new Error("pm.require('" + name + "'): packages are not in the collection, and the client's script sandbox loads nothing from elsewhere");
  },
};
pm.test.skip = function (name) { __state.tests.push({ name: String(name), passed: null, error: null }); };
pm.setNextRequest = __setNextRequest;

// ---- run order ----------------------------------------------------------
// A client calls one operation per call: `setNextRequest` is recorded for the
// caller (`Client::take_next_request`), the last call winning, as in Postman's
// runner; `null` ends the run. Called with nothing, it changes nothing.
function __setNextRequest(name) {
  if (name === undefined) return;
  if (name === null) __host('next', 'stop', '', '');
  else __host('next', 'item', __text(name), '');
}

// `pm.execution.skipRequest()` in a pre-request script: nothing is sent and
// the call fails with a `ScriptError` saying so (a client call has no
// "skipped" success to return). Thrown, so the rest of the script does not run.
function __skipRequest() {
  if (__in.event !== 'prerequest') return;
  throw new Error('pm.execution.skipRequest(): the script skipped the request, so nothing was sent');
}

// ---- the legacy (pre-`pm`) API -----------------------------------------

var postman = {
  setEnvironmentVariable: function (k, v) { pm.environment.set(k, v); },
  getEnvironmentVariable: function (k) { return pm.environment.get(k); },
  clearEnvironmentVariable: function (k) { pm.environment.unset(k); },
  setGlobalVariable: function (k, v) { pm.globals.set(k, v); },
  getGlobalVariable: function (k) { return pm.globals.get(k); },
  clearGlobalVariable: function (k) { pm.globals.unset(k); },
  getResponseHeader: function (name) { return pm.response ? pm.response.headers.get(name) : undefined; },
  getResponseCookie: function (name) { return pm.cookies.one(name); },
  setNextRequest: __setNextRequest,
};
var environment = pm.environment.toObject();
var globals = pm.globals.toObject();
var data = {};
var iteration = 0;
var tests = {};
var request = __request ? {
  url: __initialUrl,
  method: __request.method,
  headers: __request.headers.toObject(),
  data: __request.body ? (__request.body.mode === 'urlencoded' ? __request.body.urlencoded.toObject() : __request.body.raw) : {},
  name: __in.info.requestName,
  id: __in.info.requestId,
} : { name: __in.info.requestName, id: __in.info.requestId };
var responseBody = __in.response ? __in.response.body : undefined;
var responseCode = __in.response ? { code: __in.response.code, name: __in.response.status, detail: __in.response.status } : undefined;
var responseHeaders = pm.response ? pm.response.headers.toObject() : undefined;
var responseTime = 0;

// ---- the end of a run ----------------------------------------------------

function __lineOf(stack) {
  var match = /script:(\d+)/.exec(String(stack || ''));
  return match ? Math.max(1, Number(match[1]) - 1) : null;
}

function __finish(error) {
  __state.finished = true;
  if (error === null) return;
  if (error instanceof Error) {
    var name = error.name && error.name !== 'Error' ? error.name + ': ' : '';
    __state.error = { message: name + error.message, line: __lineOf(error.stack) };
  } else {
    __state.error = { message: 'the script threw ' + __text(error), line: null };
  }
}

function __output() {
  Object.keys(tests).forEach(function (name) { __state.tests.push({ name: name, passed: !!tests[name], error: null }); });
  var out = { finished: __state.finished, error: __state.error, tests: __state.tests, request: null };
  var r = pm.request;
  if (__request && r) {
    var urlText = r.url.toString();
    var body = r.body ? JSON.parse(JSON.stringify(r.body)) : null;
    out.request = {
      method: String(r.method),
      url: r.url.toJSON(),
      urlText: urlText,
      urlChanged: !!__in.request.urlChanged || urlText !== __initialUrl,
      header: r.headers.members.map(function (h) { return { key: String(h.key), value: __text(h.value), disabled: !!h.disabled }; }),
      body: body,
      bodyChanged: !!__in.request.bodyChanged || JSON.stringify(r.body) !== __initialBody,
    };
  }
  return JSON.stringify(out);
}
