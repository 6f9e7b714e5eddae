# The two commands a newcomer needs (see README): `make demo` and `make test`.
.PHONY: demo test serve worker vendor messages

demo:
	@bash scripts/demo.sh

test:
	@bash scripts/test.sh

# Refresh the vendored front-end libraries from the npm registry (pinned versions).
vendor:
	@.venv/bin/python scripts/vendor_frontend.py

# Re-extract the translatable strings after changing any text (then translate locale/zh_Hans).
messages:
	@.venv/bin/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=static/vendor --ignore=artifacts
	@.venv/bin/python manage.py makemessages -l zh_Hans -d djangojs --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=static/vendor --ignore=artifacts
