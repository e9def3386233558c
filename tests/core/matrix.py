from tests.matrix import Row, everyone

ROWS = [
    Row("core:home", everyone(200)),
    Row("core:healthz", everyone(200, anonymous=200)),
    Row("core:accessibility", everyone(200, anonymous=200)),
    Row("core:privacy", everyone(200, anonymous=200)),
    Row("core:cookies", everyone(200, anonymous=200)),
]
