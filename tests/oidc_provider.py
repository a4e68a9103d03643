"""A small, real OpenID Connect provider for the tests, run as its own process.

``python tests/oidc_provider.py --client-id ID --client-secret SECRET`` prints the port it listens
on (127.0.0.1), then serves the authorisation code flow as Microsoft Entra ID does: a discovery
document, its public keys (JWKS), an authorisation page where a person types who they are (or a
``login_hint`` that signs them in at once), and a token endpoint that checks the client's secret,
the one-time code, the redirect address and the PKCE verifier, and returns an ID token signed with
RS256. ``POST /control`` (JSON) sets the people it knows and their claims, and whether the next
tokens should be wrong: signed with another key, expired, or for another audience.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import secrets
import sys
import time
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from joserfc import jwt
from joserfc.jwk import RSAKey

Environ = dict[str, Any]
Response = tuple[str, list[tuple[str, str]], bytes]


class Provider:
    def __init__(self, *, client_id: str, client_secret: str) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.issuer = ""
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
        # Another key claiming the same key ID: what an attacker's token would be signed with.
        self.forged = RSAKey.generate_key(2048, parameters={"kid": "k1", "alg": "RS256"})
        self.people: dict[str, dict[str, Any]] = {}
        self.fault: str | None = None
        self.codes: dict[str, dict[str, Any]] = {}

    def __call__(self, environ: Environ, start_response: Any) -> list[bytes]:
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        routes = {
            ("GET", "/.well-known/openid-configuration"): self.discovery,
            ("GET", "/jwks"): self.jwks,
            ("GET", "/authorize"): self.authorize,
            ("POST", "/authorize"): self.authorize,
            ("POST", "/token"): self.token,
            ("POST", "/control"): self.control,
        }
        handler = routes.get((method, path))
        if handler is None:
            status, headers, content = "404 Not Found", [], b"not found"
        else:
            status, headers, content = handler(environ, query, body)
        start_response(status, [("Content-Length", str(len(content))), *headers])
        return [content]

    def discovery(self, environ: Environ, query: dict[str, str], body: bytes) -> Response:
        return _json(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_post",
                    "client_secret_basic",
                ],
            }
        )

    def jwks(self, environ: Environ, query: dict[str, str], body: bytes) -> Response:
        return _json({"keys": [self.key.as_dict(private=False)]})

    def authorize(self, environ: Environ, query: dict[str, str], body: bytes) -> Response:
        fields = query | {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if fields.get("client_id") != self.client_id or fields.get("response_type") != "code":
            return "400 Bad Request", [], b"unknown client or response type"
        login = fields.get("login_hint") or fields.get("username")
        if not login:
            return _page(fields)
        if login not in self.people:
            return _page(fields, error="Nobody of that name here")
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "login": login,
            "redirect_uri": fields["redirect_uri"],
            "nonce": fields.get("nonce"),
            "challenge": fields.get("code_challenge"),
        }
        target = fields["redirect_uri"] + "?" + urlencode({"code": code, "state": fields["state"]})
        return "302 Found", [("Location", target)], b""

    def token(self, environ: Environ, query: dict[str, str], body: bytes) -> Response:
        fields = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        client = (fields.get("client_id"), fields.get("client_secret"))
        basic = environ.get("HTTP_AUTHORIZATION", "")
        if basic.startswith("Basic "):
            client = tuple(base64.b64decode(basic[6:]).decode().split(":", 1))  # type: ignore[assignment]
        if client != (self.client_id, self.client_secret):
            return _json({"error": "invalid_client"}, status="401 Unauthorized")
        grant = self.codes.pop(fields.get("code", ""), None)
        if (
            fields.get("grant_type") != "authorization_code"
            or grant is None
            or grant["redirect_uri"] != fields.get("redirect_uri")
            or not _pkce_matches(grant["challenge"], fields.get("code_verifier"))
        ):
            return _json({"error": "invalid_grant"}, status="400 Bad Request")
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": "someone-else" if self.fault == "wrong_audience" else self.client_id,
            "iat": now - 3600 if self.fault == "expired" else now,
            "exp": now - 1800 if self.fault == "expired" else now + 600,
            "nonce": grant["nonce"],
        } | self.people[grant["login"]]
        key = self.forged if self.fault == "bad_signature" else self.key
        id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)
        return _json(
            {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer",
             "expires_in": 600, "id_token": id_token}
        )  # fmt: skip

    def control(self, environ: Environ, query: dict[str, str], body: bytes) -> Response:
        change = json.loads(body)
        if "people" in change:
            self.people = change["people"]
        if "fault" in change:
            self.fault = change["fault"]
        return _json({"ok": True})


def _pkce_matches(challenge: str | None, verifier: str | None) -> bool:
    if challenge is None:
        return True
    digest = hashlib.sha256((verifier or "").encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge


def _json(data: object, *, status: str = "200 OK") -> Response:
    return status, [("Content-Type", "application/json")], json.dumps(data).encode()


def _page(fields: dict[str, str], *, error: str = "") -> Response:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in fields.items()
        if k != "username"
    )
    problem = f'<p role="alert">{html.escape(error)}</p>' if error else ""
    page = (
        '<!DOCTYPE html><html lang="en"><head><title>Test identity provider</title></head><body>'
        f'<main><h1>Test identity provider</h1>{problem}<form method="post" action="/authorize">'
        f'{hidden}<label for="username">Username</label> <input id="username" name="username">'
        '<button type="submit">Continue</button></form></main></body></html>'
    )
    return "200 OK", [("Content-Type", "text/html; charset=utf-8")], page.encode()


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    options = parser.parse_args()
    provider = Provider(client_id=options.client_id, client_secret=options.client_secret)
    server: WSGIServer = make_server("127.0.0.1", 0, provider, handler_class=_Quiet)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
