// holidays_oracle.js: prints Japan's national holidays as "YYYY-MM-DD name" lines from the
// npm package japanese-holidays (osamutake/japanese-holidays-js, rule-based, independent of
// kiroku), for the years FROM..TO. Used by tests/diff/holidays.sh.
// usage: node holidays_oracle.js NODE_MODULES FROM TO
const JH = require(process.argv[2] + '/japanese-holidays');
const from = parseInt(process.argv[3], 10), to = parseInt(process.argv[4], 10);
const pad = n => String(n).padStart(2, '0');
for (let y = from; y <= to; y++)
  for (const h of JH.getHolidaysOf(y))
    console.log(`${y}-${pad(h.month)}-${pad(h.date)} ${h.name}`);
