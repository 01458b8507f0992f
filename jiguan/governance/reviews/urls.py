"""Pages of the legality reviews (mounted in the "governance" namespace)."""

from django.urls import path

from jiguan.governance.reviews import views

urlpatterns = [
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/opinions/", views.review_opinion, name="review_opinion"),
    path("reviews/<int:pk>/conclude/", views.review_conclude, name="review_conclude"),
    path("reviews/<int:pk>/materials/<int:material>/", views.review_material,
         name="review_material"),
]
