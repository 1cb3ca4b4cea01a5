-- Issue 18: every write attempt of the console is recorded, refused ones included, with where it came from.
ALTER TABLE console_action ADD COLUMN source text;
ALTER TABLE console_action ADD COLUMN user_agent text;
COMMENT ON COLUMN console_action.source IS 'the address the request came from (as the server saw it)';
COMMENT ON COLUMN console_action.user_agent IS 'the User-Agent the request gave';
