from django.urls import path

from . import oidc, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("sign-in/two-factor/", views.two_factor_code, name="two_factor"),
    path("sign-in/two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("sign-in/sso/", oidc.SignInStart.as_view(), name="sso_start"),
    path("sign-in/sso/return/", oidc.SignInReturn.as_view(), name="sso_return"),
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
]
