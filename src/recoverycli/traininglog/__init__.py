"""Training logs as runners keep them: recover's own columns, and the exports of the
apps they use (Strava, Garmin Connect, intervals.icu, HRV4Training)."""
