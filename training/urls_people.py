"""URLs of the training service: the register of people trained, the EAC/EAQ teams and their support requests."""

urlpatterns = []
