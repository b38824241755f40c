"""Choices used by the resource pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceType(models.TextChoices):
    TOOLKIT = "toolkit", _("Toolkit")
    REPORT = "report", _("Report")
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Template")
    VIDEO = "video", _("Video")
    STORY = "story", _("Story")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    LIVED_EXPERIENCE = "lived_experience", _("People with lived experience")
    PRACTITIONERS = "practitioners", _("Practitioners and frontline staff")
    RESEARCHERS = "researchers", _("Researchers")
    COMMISSIONERS = "commissioners", _("Commissioners and funders")
    ORGANISATIONS = "organisations", _("Charities and community groups")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC_BY_NC = "cc-by-nc-4.0", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)")
    OGL = "ogl-3.0", _("Open Government Licence v3.0")
    ALL_RIGHTS = "all-rights-reserved", _("All rights reserved: ask the authors before reusing")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.OGL: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
