<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an Atom or RSS feed as a readable page to a person who opens its
     address in a browser; feed readers ignore it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/">
    <html lang="en-GB">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:feed/atom:title | rss/channel/title"/></title>
        <style>
          body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
          .note { background: #eef4fb; border-left: 4px solid #1d70b8; padding: 0.75rem 1rem; }
          li { margin-bottom: 1rem; }
          small { color: #555; }
        </style>
      </head>
      <body>
        <h1><xsl:value-of select="atom:feed/atom:title | rss/channel/title"/></h1>
        <p class="note">
          This is a web feed. To be told of new publications, copy this page's address
          into your feed reader or your website's feed widget.
        </p>
        <ul>
          <xsl:for-each select="atom:feed/atom:entry | rss/channel/item">
            <li>
              <a href="{atom:link[not(@rel) or @rel='alternate']/@href | link}">
                <xsl:value-of select="atom:title | title"/>
              </a>
              <br/>
              <small><xsl:value-of select="atom:published | pubDate"/></small>
              <p><xsl:value-of select="atom:summary"/></p>
              <xsl:for-each select="atom:link[@rel='enclosure'] | enclosure">
                <a href="{@href | @url}">Download: <xsl:value-of select="@title"/> (PDF, <xsl:value-of select="@length"/> bytes)</a>
              </xsl:for-each>
            </li>
          </xsl:for-each>
        </ul>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
