from django.conf import settings
from django.db import models


class SignInIdentity(models.Model):
    """The account an identity provider's person signs in to: matched by the provider's issuer
    and its stable subject identifier (``sub``), never by email, which can be reused or changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_identities"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_per_identity")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.issuer}"
