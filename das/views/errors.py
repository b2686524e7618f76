from django.shortcuts import render


def forbidden(request, exception=None):
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"reason": reason, "page_title": "403"}, status=403)


def not_found(request, exception=None):
    return render(request, "404.html", {"page_title": "404"}, status=404)


def server_error(request):
    return render(request, "500.html", status=500)
