<?xml version="1.0" encoding="utf-8"?>
{#- Shows a locale's Atom feeds (`feed.xml`, `<doc>/feed.xml`) as a page in its language when a
    browser opens one, and says how to subscribe. Served by the site itself (same origin), loads
    nothing else. Rendered once per locale by MkDocs (a static template) with the locale's
    catalog; the text of the entries comes from the feed, already in that language. -#}
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:a="http://www.w3.org/2005/Atom"
  xmlns:redline="tag:redline,2026:atom"
  exclude-result-prefixes="a redline">
<xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>
<xsl:template match="/a:feed">
<html lang="{{ config.theme.language|e }}">
<head>
  <meta charset="utf-8"/>
  <meta name="viewport" content="width=device-width,initial-scale=1"/>
  <title><xsl:value-of select="a:title"/></title>
  {#- The site's icon, which a browser otherwise asks for at /favicon.ico (a 404). It lies in this
      locale's folder, beside this stylesheet: relative to the feed, it is where the feed's own
      `<?xml-stylesheet href=…?>` points, with the icon's path in place of `feed.xsl`. #}
  {%- set icon = config.theme.favicon %}
  {%- if icon %}
  <link rel="icon">
    <xsl:attribute name="href">
      {%- if "://" in icon or icon.startswith("/") %}{{ icon|e }}
      {%- else %}<xsl:value-of select="substring-before(substring-after(/processing-instruction('xml-stylesheet'), 'href=&quot;'), 'feed.xsl&quot;')"/>{{ icon|e }}
      {%- endif %}</xsl:attribute>
  </link>
  {%- endif %}
  <style>
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Thai", "Leelawadee UI", Thonburi, Tahoma, Loma, Garuda, sans-serif; margin: 0; color: #1f1f1f; background: #fff; line-height: 1.6; }
    main { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
    h1 { font-size: 1.6rem; font-weight: 600; margin: 1.5rem 0 .5rem; }
    h2, h3 { font-size: 1.1rem; font-weight: 600; margin: 0 0 .25rem; }
    a { color: #1a237e; text-underline-offset: .15em; }
    .rl-subscribe { border: 2px solid #3f51b5; border-radius: .5rem; padding: .75rem 1rem; margin: 1rem 0 2rem; background: #f3f4fb; }
    .rl-subscribe p { margin: .4rem 0; }
    ol { list-style: none; padding: 0; margin: 0; }
    li { border-top: 1px solid #d0d0d0; padding: 1rem 0; }
    .rl-summary { white-space: pre-line; margin: .25rem 0; }
    .rl-links a { margin-right: 1rem; }
  </style>
</head>
<body>
<main>
  <h1><xsl:value-of select="a:title"/></h1>
  <section class="rl-subscribe" aria-labelledby="rl-subscribe-title">
    <h2 id="rl-subscribe-title">{{ _("How to follow these changes")|e }}</h2>
    <p>{{ _("This page is a feed: a feed reader checks it for you and tells you when the policy is revised.")|e }}</p>
    <p>{{ _("To subscribe, copy the address of this page from your browser's address bar and add it to your feed reader (an app or a service that reads Atom or RSS feeds).")|e }}</p>
    <p><a href="{a:link[@rel='alternate']/@href}">{{ _("Read the policies and their change notices on the site")|e }}</a></p>
  </section>
  <h2>{{ _("Changes, newest first")|e }}</h2>
  <ol>
    <xsl:for-each select="a:entry">
      <li>
        <h3><a href="{a:link[@rel='alternate']/@href}"><xsl:value-of select="a:title"/></a></h3>
        <p class="rl-summary"><xsl:value-of select="a:summary"/></p>
        <xsl:if test="a:link[@rel='related']">
          <p class="rl-links"><a href="{a:link[@rel='related']/@href}">{{ _("What changed")|e }}</a></p>
        </xsl:if>
      </li>
    </xsl:for-each>
  </ol>
</main>
</body>
</html>
</xsl:template>
</xsl:stylesheet>
