* kokuho_retain.ctl: the NHI ledger's retention rule for PURGE (docs/PROTECTION.md,
* docs/streams/purge.md). A household goes when every member lost eligibility more than
* five years before the run date: the claims for benefits and refunds have lapsed by then
* (docs/DOMAIN.md, "Corrections and retention"). A member still insured keeps the household.
  RETAIN GROUP=setai_no,DATE=soshitsu_ymd,YEARS=5
